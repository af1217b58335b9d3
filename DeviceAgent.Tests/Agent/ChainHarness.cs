using System;
using System.Collections;
using DeviceAgent.Agent;
using DeviceAgent.Dhcp;
using DeviceAgent.Identity;
using DeviceAgent.PreProvisioning;
using DeviceAgent.Provisioning;
using DeviceAgent.Tests.Fakes;
using DeviceAgent.Tests.Provisioning;
using nanoFramework.TestFramework;

namespace DeviceAgent.Tests.Agent
{
    /// <summary>
    /// Drives a <see cref="DiscoveryChain"/> on virtual time: keeps every action it emitted, answers its requests
    /// with scripted HTTP responses (bodies fed in small chunks, as a socket would) and jumps to its timers.
    /// </summary>
    internal sealed class ChainHarness
    {
        /// <summary>True wall-clock time at virtual monotonic time 0.</summary>
        internal static readonly DateTime Epoch = new DateTime(2025, 6, 1, 8, 0, 0);

        /// <summary>What an unset ESP32 RTC reads after a cold boot.</summary>
        internal static readonly DateTime Unset = new DateTime(1970, 1, 1);

        internal const string PreProvisioningUrl = "https://preprov.example.com/inquiry";
        internal const int ChunkSize = 7;

        internal readonly DiscoveryChain Chain;
        internal readonly ArrayList Log = new ArrayList();
        private readonly ArrayList _pending = new ArrayList();

        internal long Now = 1000;

        internal ChainHarness()
            : this(new DiscoverySettings(), new FixedRandom(0))
        {
        }

        internal ChainHarness(DiscoverySettings settings, Random random)
        {
            Chain = new DiscoveryChain(settings, random);
        }

        internal DateTime UtcNow => Epoch.AddMilliseconds(Now);

        internal static IdentityRecord NewRecord()
        {
            return new IdentityRecord("DA-7F3A29", PreProvisioningContact.Parse(PreProvisioningUrl));
        }

        /// <summary>A record whose contact was learned <paramref name="ageSeconds"/> before <see cref="Epoch"/> and is valid for a day.</summary>
        internal static IdentityRecord CachedRecord(string contact, int ageSeconds)
        {
            return NewRecord().WithProvisioningContact(ProvisioningContact.Parse(contact), Epoch.AddMilliseconds(-1000.0 * ageSeconds), 86400);
        }

        internal static ProvisionRequest Device()
        {
            return new ProvisionRequest
            {
                Product = "IP-Phone 300",
                Customer = "C-100234",
                DeviceId = "ignored",
                Serial = "SN0042",
                Mac = "aa:bb:cc:dd:ee:ff",
                Ip = "192.0.2.10",
                FirmwareVersion = "1.4.2",
            };
        }

        /// <summary>VoIP options of an ACK carrying the given resources; null arguments leave the option out.</summary>
        internal static DhcpVoipOptions Lease(string managementServer, string configServerName, uint[] configServerAddresses, uint[] ntpServers, bool sip)
        {
            DhcpMessageWriter writer = new DhcpMessageWriter(DhcpMessageType.Ack, 0x1234, new byte[] { 0, 0x11, 0x22, 0x33, 0x44, 0x55 });
            DhcpVendorBlock block = new DhcpVendorBlock(DhcpVoipOptions.DefaultEnterpriseNumber);
            if (managementServer != null)
            {
                block.AddText(DhcpVoipOptions.SubOptionManagementServer, managementServer);
            }

            if (sip)
            {
                block.AddText(DhcpVoipOptions.SubOptionSipDomain, "voip.example.net");
                writer.AddSipServerNames(new string[] { "sip1.example.net" });
            }

            if (block.SubOptionCount > 0)
            {
                writer.AddVendorBlocks(new DhcpVendorBlock[] { block });
            }

            if (configServerName != null)
            {
                writer.AddText(DhcpOptionCode.TftpServerName, configServerName);
            }

            if (configServerAddresses != null)
            {
                writer.AddAddresses(DhcpOptionCode.TftpServerAddress, configServerAddresses);
            }

            if (ntpServers != null)
            {
                writer.AddAddresses(DhcpOptionCode.NtpServers, ntpServers);
            }

            byte[] bytes = writer.ToArray();
            return DhcpVoipOptions.FromMessage(DhcpMessage.Read(bytes, 0, bytes.Length), DhcpVoipOptions.DefaultEnterpriseNumber);
        }

        internal static ProvisionResponse Configured()
        {
            return ProvisionResponse.ForConfiguration(ProvisioningSamples.Configuration());
        }

        internal static ProvisionResponse Redirect(string[] urls)
        {
            return ProvisionResponse.ForRedirect(urls);
        }

        internal static ProvisionResponse Error(string code, int retryAfterSeconds)
        {
            return ProvisionResponse.ForError(new ProvisioningError { Code = code, Text = "scripted", RetryAfterSeconds = retryAfterSeconds });
        }

        /// <summary>A pre-provisioning answer body (<see cref="InquiryResponse"/>).</summary>
        internal static byte[] InquiryAnswer(string contact, uint validForSeconds)
        {
            ProvisioningContact parsed = ProvisioningContact.Parse(contact);
            byte[] body = new byte[InquiryResponse.EncodedLength(parsed)];
            InquiryResponse.Encode(parsed, validForSeconds, body, 0);
            return body;
        }

        internal void Start(IdentityRecord record, DhcpVoipOptions lease, bool clockValid)
        {
            Start(record, lease, clockValid, Device());
        }

        internal void Start(IdentityRecord record, DhcpVoipOptions lease, bool clockValid, ProvisionRequest device)
        {
            Chain.Start(Now, clockValid ? UtcNow : Unset, clockValid, record, lease, device);
            Drain();
        }

        internal void TimeSynced()
        {
            Chain.OnTimeSynced(Now, UtcNow);
            Drain();
        }

        internal void TimeSyncFailed(string reason)
        {
            Chain.OnTimeSyncFailed(Now, reason);
            Drain();
        }

        /// <summary>Removes and returns the first pending action of <paramref name="kind"/>, and everything before it.</summary>
        internal DiscoveryAction Take(DiscoveryActionKind kind)
        {
            while (_pending.Count > 0)
            {
                DiscoveryAction action = (DiscoveryAction)_pending[0];
                _pending.RemoveAt(0);
                if (action.Kind == kind)
                {
                    return action;
                }
            }

            Assert.IsTrue(false, "no pending " + kind.ToString() + " action; transcript:\n" + Transcript());
            return null;
        }

        internal DiscoveryAction TakeHttp(string expectedUrl)
        {
            DiscoveryAction request = Take(DiscoveryActionKind.HttpRequest);
            Assert.AreEqual(expectedUrl, request.Url, Transcript());
            return request;
        }

        internal bool HasPending(DiscoveryActionKind kind)
        {
            for (int i = 0; i < _pending.Count; i++)
            {
                if (((DiscoveryAction)_pending[i]).Kind == kind)
                {
                    return true;
                }
            }

            return false;
        }

        internal void Respond(DiscoveryAction request, int status, int retryAfterSeconds, byte[] body)
        {
            Chain.OnHttpResponse(Now, request.RequestId, status, retryAfterSeconds);
            for (int offset = 0; offset < body.Length; offset += ChunkSize)
            {
                Chain.OnHttpBody(request.RequestId, body, offset, body.Length - offset < ChunkSize ? body.Length - offset : ChunkSize);
            }

            Chain.OnHttpCompleted(Now, request.RequestId);
            Drain();
        }

        internal void Provision(DiscoveryAction request, ProvisionResponse response)
        {
            Respond(request, 200, -1, ProvisioningXml.WriteResponse(response));
        }

        internal void Fail(DiscoveryAction request, string reason)
        {
            Chain.OnHttpFailed(Now, request.RequestId, reason);
            Drain();
        }

        /// <summary>Jumps to the chain's timer and returns how far time moved.</summary>
        internal long AdvanceToTimer()
        {
            long at = Chain.NextTimerAt;
            Assert.IsTrue(at != DiscoveryChain.NoTimer, "no timer; transcript:\n" + Transcript());
            long elapsed = at - Now;
            Now = at;
            Chain.OnTimer(Now);
            Drain();
            return elapsed;
        }

        internal int Count(DiscoveryActionKind kind)
        {
            int count = 0;
            for (int i = 0; i < Log.Count; i++)
            {
                if (((DiscoveryAction)Log[i]).Kind == kind)
                {
                    count++;
                }
            }

            return count;
        }

        internal bool Reported(DiscoveryStep step, DiscoveryOutcome outcome, string containing)
        {
            for (int i = 0; i < Log.Count; i++)
            {
                DiscoveryAction action = (DiscoveryAction)Log[i];
                if (action.Kind == DiscoveryActionKind.Event && action.Step == step && action.Outcome == outcome && action.Text.IndexOf(containing) >= 0)
                {
                    return true;
                }
            }

            return false;
        }

        internal string Transcript()
        {
            string text = "";
            for (int i = 0; i < Log.Count; i++)
            {
                text += "  " + Log[i].ToString() + "\n";
            }

            return text;
        }

        private void Drain()
        {
            DiscoveryAction action;
            while ((action = Chain.NextAction()) != null)
            {
                Log.Add(action);
                _pending.Add(action);
            }
        }
    }
}
