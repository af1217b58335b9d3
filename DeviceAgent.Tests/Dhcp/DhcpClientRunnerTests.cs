using System;
using System.Collections.Generic;
using System.Threading;
using DeviceAgent.Dhcp;
using DeviceAgent.Hal.Desktop;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace DeviceAgent.Tests.Dhcp;

/// <summary>Desktop only: the runner over the loopback transport against a server thread, in real (short) time.</summary>
[TestClass]
public class DhcpClientRunnerTests
{
    [TestMethod]
    public void RunUntilConfigured_LoopbackServer_AppliesLease()
    {
        using var server = new LoopbackDhcpServer(new DhcpFakeServer(1));
        using var socket = UdpSocketTransport.ForLoopback(server.Port);
        var network = new LoopbackNetworkInterface(DhcpFixtures.Mac);
        var runner = new DhcpClientRunner(new DhcpClient(network.HardwareAddress, null, new Random(1)), socket, network, new SystemClock(), 1500);
        var events = new List<string>();
        runner.ActionReported = a => { if (a.Kind == DhcpClientActionKind.Event) events.Add(a.Text); };

        runner.Start(null);
        Assert.IsTrue(runner.RunUntilConfigured(5000), string.Join("\n", events));

        Assert.AreEqual(server.Server.Address, network.Address);
        Assert.AreEqual(DhcpAddress.FromOctets(255, 255, 255, 0), network.SubnetMask);
        Assert.AreEqual(DhcpAddress.FromOctets(10, 77, 10, 1), network.Router);
        Assert.AreEqual(DhcpClientState.Bound, runner.Client.State);
        Assert.IsTrue(events.Exists(e => e.Contains("SELECTING -> REQUESTING")));
    }

    [TestMethod]
    public void RunUntilConfigured_SilentServer_TimesOut()
    {
        using var server = new LoopbackDhcpServer(new DhcpFakeServer(1)) { Answering = false };
        using var socket = UdpSocketTransport.ForLoopback(server.Port);
        var network = new LoopbackNetworkInterface(DhcpFixtures.Mac);
        var runner = new DhcpClientRunner(new DhcpClient(network.HardwareAddress, null, new Random(1)), socket, network, new SystemClock(), 1500);

        runner.Start(null);
        var started = Environment.TickCount64;
        Assert.IsFalse(runner.RunUntilConfigured(1200));

        Assert.IsTrue(Environment.TickCount64 - started < 3000);
        Assert.AreEqual(1, server.Received);
        Assert.AreEqual(0u, network.Address);
    }

    [TestMethod]
    public void Run_AuthenticatedForceRenew_RenewsAndStops()
    {
        var fake = new DhcpFakeServer(1) { ReconfigureKey = DhcpFakeServer.DefaultKey, ReplayCounter = 1 };
        using var server = new LoopbackDhcpServer(fake);
        using var socket = UdpSocketTransport.ForLoopback(server.Port);
        var network = new LoopbackNetworkInterface(DhcpFixtures.Mac);
        var runner = new DhcpClientRunner(new DhcpClient(network.HardwareAddress, null, new Random(1)), socket, network, new SystemClock(), 1500);
        var applied = 0;
        runner.ActionReported = a => { if (a.Kind == DhcpClientActionKind.ApplyLease) Interlocked.Increment(ref applied); };
        runner.Start(null);
        Assert.IsTrue(runner.RunUntilConfigured(5000));

        var thread = new Thread(runner.Run);
        thread.Start();
        server.SendForceRenew(fake.Address, 2, DhcpFakeServer.DefaultKey);
        var deadline = Environment.TickCount64 + 5000;
        while (Volatile.Read(ref applied) < 2 && Environment.TickCount64 < deadline)
        {
            Thread.Sleep(20);
        }

        runner.Stop();
        Assert.IsTrue(thread.Join(3000), "Run did not return after Stop");
        Assert.AreEqual(2, applied);
        Assert.AreEqual(1, runner.Client.ForceRenewAcceptedCount);
    }
}
