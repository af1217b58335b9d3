using System;
using DeviceAgent.Agent;
using DeviceAgent.Hal;
using DeviceAgent.Identity;
using DeviceAgent.PreProvisioning;
using DeviceAgent.Provisioning;

namespace DeviceAgent.Benchmarks;

/// <summary>
/// One full discovery cycle of a phone that has cached nothing, on the phone's own code only: the real
/// <see cref="ProvisioningRunner"/> and <see cref="DiscoveryChain"/> ask the pre-provisioning server (inquiry), store
/// the contact through <see cref="IdentityStore"/> in RAM-backed flash, post the provision-request and read the
/// configuration. The answers are bytes made once by the real codecs (<see cref="InquiryResponse.Encode"/>,
/// <see cref="ProvisioningXml.WriteResponse(ProvisionResponse)"/>) and handed out by a transport that allocates
/// nothing, so what <see cref="GC.GetAllocatedBytesForCurrentThread"/> counts is the phone's.
/// Shared by the <c>cycle</c> benchmark and the desktop test that guards its goal.
/// </summary>
public sealed class PhoneCycle
{
    /// <summary>The goal for one cycle: at most 16 KB allocated, on a device with about 100 KB of heap.</summary>
    public const long GoalBytes = 16 * 1024;

    private readonly ProvisioningRunner _runner;
    private readonly ScriptedTransport _http;
    private readonly IdentityRecord _record;
    private readonly ProvisionRequest _device;

    public PhoneCycle()
    {
        _record = new IdentityRecord("DA-7F3A29", PreProvisioningContact.Parse("https://preprov.example.com/inquiry"));
        _device = new ProvisionRequest
        {
            Product = "IP-Phone 300",
            Customer = "C-100234",
            DeviceId = "set from the record",
            Serial = "SN0042",
            Mac = "aa:bb:cc:dd:ee:ff",
            Ip = "192.0.2.10",
            FirmwareVersion = "1.4.2",
        };
        var contact = ProvisioningContact.Parse("prov.example.com:8443");
        var inquiry = new byte[InquiryResponse.EncodedLength(contact)];
        InquiryResponse.Encode(contact, 86400, inquiry, 0);
        var configuration = ProvisioningXml.WriteResponse(ProvisionResponse.ForConfiguration(new TelephonyConfiguration
        {
            Domain = "voip.example.net",
            CallAgentHost = "ca1.example.net",
            CallAgentPort = 5061,
            DeviceName = "Reception",
            FirmwareServer = "https://prov.example.com:8443/firmware",
            FirmwareFile = "phone-1.5.0.bin",
            FirmwareVersion = "1.5.0",
            FirmwareSha256 = new byte[32],
            PollIntervalSeconds = 3600,
        }));
        _http = new ScriptedTransport(inquiry, configuration);
        var store = new IdentityStore(new MemoryFlash(2, 512));
        _runner = new ProvisioningRunner(new DiscoveryChain(new DiscoverySettings(), new Random(1)), _http, store, new NoTimeSync(), new FixedClock());
    }

    /// <summary>Bytes allocated by the last cycle from its start to the provision-request: start, inquiry, answer, flash write.</summary>
    public long InquiryBytes { get; private set; }

    /// <summary>Bytes allocated by the last cycle from the provision-request to the configuration.</summary>
    public long ProvisioningBytes { get; private set; }

    /// <summary>Runs one cycle and returns its configuration; throws when the phase does not end configured.</summary>
    public TelephonyConfiguration Run()
    {
        var start = GC.GetAllocatedBytesForCurrentThread();
        var end = _runner.Run(_record, null, _device);
        var finish = GC.GetAllocatedBytesForCurrentThread();
        if (end.Kind != DiscoveryActionKind.Configured || _http.PostAllocatedBytes == 0)
        {
            throw new InvalidOperationException("cycle did not end configured: " + end);
        }

        InquiryBytes = _http.PostAllocatedBytes - start;
        ProvisioningBytes = finish - _http.PostAllocatedBytes;
        return end.Configuration;
    }

    /// <summary>Average bytes per cycle over <paramref name="cycles"/> cycles after <paramref name="warmUp"/> unmeasured ones.</summary>
    public (double Total, double Inquiry, double Provisioning) Measure(int warmUp, int cycles)
    {
        for (var i = 0; i < warmUp; i++)
        {
            Run();
        }

        long inquiry = 0, provisioning = 0;
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < cycles; i++)
        {
            Run();
            inquiry += InquiryBytes;
            provisioning += ProvisioningBytes;
        }

        var total = GC.GetAllocatedBytesForCurrentThread() - before;
        return ((double)total / cycles, (double)inquiry / cycles, (double)provisioning / cycles);
    }

    /// <summary>Answers GET with the inquiry bytes and POST with the configuration, from two reused response objects.</summary>
    private sealed class ScriptedTransport(byte[] inquiry, byte[] configuration) : IHttpTransport
    {
        private readonly Response _inquiry = new(inquiry, InquiryResponse.ContentType);
        private readonly Response _configuration = new(configuration, "application/xml");

        /// <summary>The thread's allocation counter when the provision-request was handed over.</summary>
        public long PostAllocatedBytes { get; private set; }

        public IHttpResponse Get(string url, string[] headers, int timeoutMilliseconds) => _inquiry.Rewind();

        public IHttpResponse Post(string url, string[] headers, string contentType, byte[] body, int offset, int count, int timeoutMilliseconds)
        {
            PostAllocatedBytes = GC.GetAllocatedBytesForCurrentThread();
            return _configuration.Rewind();
        }
    }

    private sealed class Response(byte[] body, string contentType) : IHttpResponse
    {
        private int _position;

        public int StatusCode => 200;

        public string ContentType => contentType;

        public long ContentLength => body.Length;

        public Response Rewind()
        {
            _position = 0;
            return this;
        }

        public string GetHeader(string name) => null;

        public int Read(byte[] buffer, int offset, int count)
        {
            var n = Math.Min(count, body.Length - _position);
            Array.Copy(body, _position, buffer, offset, n);
            _position += n;
            return n;
        }

        public void Dispose()
        {
        }
    }

    private sealed class MemoryFlash(int slotCount, int slotSize) : IFlashStore
    {
        private readonly byte[][] _slots = CreateSlots(slotCount, slotSize);
        private readonly int[] _lengths = new int[slotCount];

        public int SlotCount => slotCount;

        public int SlotSize => slotSize;

        public int Read(int slot, byte[] buffer, int offset)
        {
            Array.Copy(_slots[slot], 0, buffer, offset, _lengths[slot]);
            return _lengths[slot];
        }

        public void Write(int slot, byte[] buffer, int offset, int count)
        {
            Array.Copy(buffer, offset, _slots[slot], 0, count);
            _lengths[slot] = count;
        }

        private static byte[][] CreateSlots(int count, int size)
        {
            var slots = new byte[count][];
            for (var i = 0; i < count; i++)
            {
                slots[i] = new byte[size];
            }

            return slots;
        }
    }

    private sealed class NoTimeSync : ITimeSync
    {
        public bool Sync(string[] servers, int timeoutMilliseconds, out string reason)
        {
            reason = null;
            return true;
        }
    }

    /// <summary>A valid wall clock that never moves: no timer of the chain ever fires within a cycle.</summary>
    private sealed class FixedClock : IClock
    {
        public long MonotonicMilliseconds => 1000;

        public DateTime UtcNow => new(2025, 6, 1, 8, 0, 0, DateTimeKind.Utc);

        public bool IsWallClockValid => true;
    }
}
