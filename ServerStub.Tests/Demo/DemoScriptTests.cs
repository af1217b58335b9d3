using System;
using System.Diagnostics;
using System.IO;
using System.Text;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace ServerStub.Tests.Demo;

/// <summary>
/// Runs scripts/demo, the README's main command, end to end, so that the main job cannot rot silently: its exit code,
/// the steps it must show and the configuration the phone ends with.
/// </summary>
[TestClass]
public sealed class DemoScriptTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(4);

    [TestMethod]
    public void Demo_FreshMachine_PhoneConfiguredAndFirmwareInstalledThenUpToDate()
    {
        if (!OperatingSystem.IsLinux())
        {
            Assert.Inconclusive("scripts/demo is a bash script; it runs on Linux");
        }

        if (!OnPath("curl") || !OnPath("bash"))
        {
            Assert.Inconclusive("curl and bash are needed to run scripts/demo");
        }

        var root = RepositoryRoot();
        var (code, output) = RunDemo(root);
        Console.WriteLine(output);

        Assert.AreEqual(0, code, output);
        foreach (var expected in new[]
        {
            "dhcp           succeeded 10.77.10.100",
            "dhcp-options   skipped   no provisioning entry point in the lease",
            "cached-contact skipped   no contact cached",
            "inquiry        succeeded contact 127.0.0.1:",
            "firmware       succeeded 1.1.0",
            "report         succeeded success for 1.1.0",
            "\"outcome\":\"success\"",
            "cached-contact started   127.0.0.1:",
            "firmware       skipped   up to date: offered 1.1.0, running 1.1.0",
            "  domain:         voip.example.com",
            "  call agent:     192.0.2.10:5060",
            "  device name:    Reception desk",
            "  firmware:       1.1.0 (up to date)",
            "== demo succeeded in ",
        })
        {
            StringAssert.Contains(output, expected);
        }
    }

    private static (int Code, string Output) RunDemo(string root)
    {
        var start = new ProcessStartInfo("bash", [Path.Combine(root, "scripts", "demo")])
        {
            WorkingDirectory = root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };

        // The build that runs this test in Release has built both programs; any other configuration lets the script build.
        var release = AppContext.BaseDirectory.Contains(Path.Combine("bin", "Release"), StringComparison.Ordinal);
        if (release && File.Exists(Path.Combine(root, "ServerStub/bin/Release/net10.0/ServerStub.dll"))
            && File.Exists(Path.Combine(root, "boards/desktop/bin/Release/net10.0/phone.dll")))
        {
            start.Environment["DEMO_NO_BUILD"] = "1";
        }

        var text = new StringBuilder();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => { if (e.Data != null) { lock (text) { text.AppendLine(e.Data); } } };
        process.ErrorDataReceived += (_, e) => { if (e.Data != null) { lock (text) { text.AppendLine(e.Data); } } };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!process.WaitForExit(Limit))
        {
            process.Kill(true);
            process.WaitForExit();
            Assert.Fail("scripts/demo did not finish within " + Limit.TotalMinutes + " min:\n" + text);
        }

        process.WaitForExit();
        lock (text)
        {
            return (process.ExitCode, text.ToString());
        }
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "scripts", "demo")) && File.Exists(Path.Combine(dir.FullName, "DeviceAgent.Desktop.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("repository root (scripts/demo) not found above " + AppContext.BaseDirectory);
    }

    private static bool OnPath(string program)
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator))
        {
            if (dir.Length > 0 && File.Exists(Path.Combine(dir, program)))
            {
                return true;
            }
        }

        return false;
    }
}
