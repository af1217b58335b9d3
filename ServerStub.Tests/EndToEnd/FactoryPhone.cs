using System;
using System.Collections.Concurrent;
using System.IO;
using System.Linq;
using DeviceAgent.Agent;
using DeviceAgent.Dhcp;
using DeviceAgent.Hal.Desktop;
using DeviceAgent.Identity;
using DeviceAgent.Provisioning;
using ServerStub.Tests.Provisioning;

namespace ServerStub.Tests.EndToEnd;

/// <summary>
/// A phone as it leaves the factory: its identity (device ID and pre-provisioning URL only) in file-backed flash,
/// and the real agent parts the device runs: <see cref="ProvisioningRunner"/> driving a <see cref="DiscoveryChain"/>
/// over the desktop <see cref="HttpClientTransport"/> that trusts only the test root CA. Dispose deletes the flash.
/// </summary>
internal sealed class FactoryPhone : IDisposable
{
    public const string DeviceId = "DA-7F3A29";

    private readonly SystemClock _clock = new();
    private readonly HttpClientTransport _transport;

    public FactoryPhone(string preProvisioningUrl, string rootCaFile)
    {
        FlashDirectory = Directory.CreateTempSubdirectory("da-flash-").FullName;
        new IdentityStore(new FileFlashStore(FlashDirectory)).Save(new IdentityRecord(DeviceId, PreProvisioningContact.Parse(preProvisioningUrl)));
        _transport = new HttpClientTransport(_clock, rootCaFile);
    }

    public string FlashDirectory { get; }

    /// <summary>Short waits, so retries and fallbacks take milliseconds; every limit stays finite as on the phone.</summary>
    public DiscoverySettings Settings { get; } = new()
    {
        AttemptsPerSource = 2,
        BackoffBaseMilliseconds = 50,
        BackoffMaxMilliseconds = 200,
        RequestTimeoutMilliseconds = 5000,
        FailedRetryMilliseconds = 1000,
    };

    /// <summary>Every action of the last phase, in order (the runner reports each before carrying it out).</summary>
    public ConcurrentQueue<DiscoveryAction> Actions { get; } = new();

    /// <summary>Called with each action as it is observed, on the runner's thread.</summary>
    public Action<DiscoveryAction> Observer { get; set; }

    /// <summary>The chain of the last phase, to read which source ended it.</summary>
    public DiscoveryChain Chain { get; private set; }

    /// <summary>What the phone tells the provisioning server: the phone <see cref="ProvisioningScenario"/> registers.</summary>
    public ProvisionRequest Device { get; } = ProvisioningScenario.Request();

    /// <summary>Overwrites the flash with the factory record plus a provisioning contact learned at <paramref name="learnedAtUtc"/>.</summary>
    public void CacheContact(string contact, DateTime learnedAtUtc, uint validForSeconds)
    {
        var store = new IdentityStore(new FileFlashStore(FlashDirectory));
        store.Save(store.Load().Record.WithProvisioningContact(ProvisioningContact.Parse(contact), learnedAtUtc, validForSeconds));
    }

    /// <summary>Reads the identity back from the flash files, as the next power-up would.</summary>
    public IdentityRecord ReloadIdentity()
    {
        var loaded = new IdentityStore(new FileFlashStore(FlashDirectory)).Load();
        if (loaded.Status != IdentityStoreStatus.Loaded)
        {
            throw new InvalidOperationException("identity not loadable: " + loaded.Status);
        }

        return loaded.Record;
    }

    /// <summary>Powers up: loads the identity from flash and runs one discovery phase to Configured or Failed.</summary>
    public DiscoveryAction Run(DhcpVoipOptions lease = null, int seed = 1)
    {
        Console.WriteLine("jitter seed " + seed);
        Actions.Clear();
        var store = new IdentityStore(new FileFlashStore(FlashDirectory));
        Chain = new DiscoveryChain(Settings, new Random(seed));
        var runner = new ProvisioningRunner(Chain, _transport, store, new HostTimeSync(), _clock)
        {
            ActionObserved = action =>
            {
                Console.WriteLine("phone: " + action);
                Actions.Enqueue(action);
                Observer?.Invoke(action);
            },
        };
        return runner.Run(store.Load().Record, lease, Device);
    }

    /// <summary>The texts of the events of the last phase, one string, for asserts and failure messages.</summary>
    public string Log => string.Join("\n", Actions.Select(a => a.ToString()));

    public void Dispose()
    {
        _transport.Dispose();
        Directory.Delete(FlashDirectory, true);
    }
}
