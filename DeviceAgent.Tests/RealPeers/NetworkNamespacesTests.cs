using System;
using System.Collections.Generic;
using System.IO;
using System.Net;
using System.Net.Sockets;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace DeviceAgent.Tests.RealPeers
{
    /// <summary>The harness itself: isolation, running our code and processes inside, and cleanup.</summary>
    [TestClass]
    public class NetworkNamespacesTests
    {
        [TestInitialize]
        public void SkipWithoutNamespaces()
        {
            if (NetworkNamespaces.SkipReason != null)
            {
                Assert.Inconclusive(NetworkNamespaces.SkipReason);
            }
        }

        [TestMethod]
        public void RunInClient_ProcNetDev_ListsOnlyLoopbackAndClientVeth()
        {
            using var net = NetworkNamespaces.Create();

            var inside = net.RunInClient(() => InterfaceNames(File.ReadAllText("/proc/thread-self/net/dev")));
            var outside = InterfaceNames(File.ReadAllText("/proc/thread-self/net/dev"));

            CollectionAssert.AreEquivalent(new[] { "lo", net.ClientInterface }, inside);
            CollectionAssert.DoesNotContain(outside, net.ClientInterface, "the calling thread must stay in the host namespace");
        }

        [TestMethod]
        public void RunInServer_BindServerAddress_WorksOnlyInsideServerNamespace()
        {
            using var net = NetworkNamespaces.Create();

            var bound = net.RunInServer(() =>
            {
                using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
                socket.Bind(new IPEndPoint(net.ServerAddress, 0));
                return ((IPEndPoint)socket.LocalEndPoint).Address;
            });
            using var outside = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            var error = Assert.ThrowsExactly<SocketException>(() => outside.Bind(new IPEndPoint(net.ServerAddress, 0)));

            Assert.AreEqual(net.ServerAddress, bound);
            Assert.AreEqual(SocketError.AddressNotAvailable, error.SocketErrorCode);
        }

        [TestMethod]
        public void RunInClient_BodyThrows_ExceptionReachesCaller()
        {
            using var net = NetworkNamespaces.Create();

            Assert.ThrowsExactly<InvalidOperationException>(() => net.RunInClient<int>(() => throw new InvalidOperationException("x")));
        }

        [TestMethod]
        public void StartInServer_IpAddr_SeesServerAddress()
        {
            using var net = NetworkNamespaces.Create();

            var process = net.StartInServer(NetworkNamespaces.IpCommand, null, "-o", "-4", "addr");

            Assert.IsTrue(process.WaitForOutput(net.ServerAddress + "/24", TimeSpan.FromSeconds(10)), process.Output);
        }

        [TestMethod]
        public void Dispose_RunningProcessAndNamespaces_RemovesAll()
        {
            var net = NetworkNamespaces.Create();
            var sleeper = net.StartInClient("/bin/sleep", null, "60");
            Assert.IsTrue(File.Exists("/var/run/netns/" + net.ServerNamespace));
            Assert.IsTrue(File.Exists("/var/run/netns/" + net.ClientNamespace));

            net.Dispose();

            Assert.IsTrue(sleeper.HasExited);
            Assert.IsFalse(File.Exists("/var/run/netns/" + net.ServerNamespace));
            Assert.IsFalse(File.Exists("/var/run/netns/" + net.ClientNamespace));
        }

        [TestMethod]
        public void CleanLeftovers_OwnerProcessGone_RemovesOnlyLeftover()
        {
            // pid_max itself is never a valid pid, so this owner is certainly dead.
            var deadPid = File.ReadAllText("/proc/sys/kernel/pid_max").Trim();
            var leftover = NetworkNamespaces.NamePrefix + "srv-" + deadPid + "-dead00";
            Assert.AreEqual(0, NetworkNamespaces.Run(NetworkNamespaces.IpCommand, "netns", "add", leftover).ExitCode);
            using var live = NetworkNamespaces.Create();

            var removed = NetworkNamespaces.CleanLeftovers();

            Assert.Contains(leftover, removed);
            Assert.IsFalse(File.Exists("/var/run/netns/" + leftover));
            Assert.IsTrue(File.Exists("/var/run/netns/" + live.ServerNamespace), "a namespace of a live run must stay");
        }

        private static List<string> InterfaceNames(string procNetDev)
        {
            var names = new List<string>();
            foreach (var line in procNetDev.Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                var colon = line.IndexOf(':');
                if (colon > 0)
                {
                    names.Add(line.Substring(0, colon).Trim());
                }
            }

            return names;
        }
    }
}
