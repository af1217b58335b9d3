using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Xml.Linq;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace DeviceAgent.Tests.Portability;

/// <summary>
/// The desktop projects compile every .cs in their folder; the device projects compile only what they list. These
/// tests keep the two views of the same sources in step, so the desktop build can stand in for the device build.
/// </summary>
[TestClass]
public class DeviceProjectFilesTests
{
    /// <summary>How a .sln names a nanoFramework project (the project type GUID of .nfproj).</summary>
    private const string NfprojSolutionType = "Project(\"{11A8DD76-328B-46DF-9F39-F559912D0360}\")";

    private static readonly XNamespace MsBuild = "http://schemas.microsoft.com/developer/msbuild/2003";

    private static string Root => PortabilityEnvironment.RepoRoot;

    [TestMethod]
    public void DeviceAgentSources_AllListedInNfproj()
    {
        var unlisted = UnlistedSources(Path.Combine(Root, "DeviceAgent", "DeviceAgent.nfproj"), excludedFolder: null);

        Assert.IsEmpty(unlisted, "add to DeviceAgent/DeviceAgent.nfproj: " + Includes(unlisted));
    }

    [TestMethod]
    public void HalSources_ExceptDesktop_AllListedInNfproj()
    {
        var unlisted = UnlistedSources(Path.Combine(Root, "DeviceAgent.Hal", "DeviceAgent.Hal.nfproj"), excludedFolder: "Desktop");

        Assert.IsEmpty(unlisted, "add to DeviceAgent.Hal/DeviceAgent.Hal.nfproj: " + Includes(unlisted));
    }

    [TestMethod]
    public void BoardSources_AllListedInTheirNfproj()
    {
        var boards = BoardProjects();
        var unlisted = boards
            .SelectMany(p => UnlistedSources(p, excludedFolder: null).Select(f => $"{Relative(p)}: <Compile Include=\"{f}\" />"))
            .ToList();

        Assert.IsNotEmpty(boards, "boards/*/*.nfproj: at least the ESP32 board program is expected");
        Assert.IsEmpty(unlisted, "add to the board's .nfproj:\n" + string.Join("\n", unlisted));
    }

    /// <summary>The nanoFramework package versions every device project pins (the versions System.Net.Http 1.5.210 needs).</summary>
    private static readonly Dictionary<string, string> PinnedPackages = new()
    {
        ["nanoFramework.CoreLibrary"] = "1.17.11",
        ["nanoFramework.System.Net.Http"] = "1.5.210",
        ["nanoFramework.Json"] = "2.2.203",
        ["nanoFramework.Networking.Sntp"] = "1.6.42",
        ["nanoFramework.TestFramework"] = "3.0.80",
        ["nanoFramework.System.IO.FileSystem"] = "1.1.93",
        ["nanoFramework.System.Collections"] = "1.5.75",
        ["nanoFramework.System.Text"] = "1.3.42",
        ["nanoFramework.System.Net"] = "1.11.60",
        ["nanoFramework.Runtime.Events"] = "1.11.37",
        ["nanoFramework.Runtime.Native"] = "1.7.11",
        ["nanoFramework.System.Threading"] = "1.1.52",
        ["nanoFramework.System.IO.Streams"] = "1.1.96",
        ["nanoFramework.System.Device.Wifi"] = "1.5.147",
        ["nanoFramework.System.Math"] = "1.5.116",
    };

    /// <summary>
    /// Visual Studio restores exactly what packages.config lists into packages/ and the build resolves references through
    /// HintPaths into those folders, so a version that differs between the two, or from the pin, breaks the device build.
    /// </summary>
    [TestMethod]
    public void DeviceProjects_PackagesConfigAndHintPaths_MatchPinnedVersions()
    {
        var problems = new List<string>();
        foreach (var path in NfProject.FindAll(Root).Where(File.Exists))
        {
            var relative = Relative(path);
            var config = Path.Combine(Path.GetDirectoryName(path), "packages.config");
            if (!File.Exists(config))
            {
                problems.Add($"{relative}: no packages.config beside it");
                continue;
            }

            var packages = XDocument.Load(config).Root.Elements("package").ToList();
            var listed = packages.ToDictionary(e => (string)e.Attribute("id"), e => (string)e.Attribute("version"));
            foreach (var package in packages)
            {
                var id = (string)package.Attribute("id");
                var version = (string)package.Attribute("version");
                if (!PinnedPackages.TryGetValue(id, out var pinned))
                {
                    problems.Add($"{Relative(config)}: {id} is not a pinned nanoFramework package");
                }
                else if (pinned != version)
                {
                    problems.Add($"{Relative(config)}: {id} {version}, pinned {pinned}");
                }

                if ((string)package.Attribute("targetFramework") != "netnano1.0")
                {
                    problems.Add($"{Relative(config)}: {id} must target netnano1.0");
                }
            }

            foreach (var hint in XDocument.Load(path).Descendants(MsBuild + "HintPath").Select(h => h.Value))
            {
                var folder = hint.Split('\\').SkipWhile(part => part != "packages").Skip(1).FirstOrDefault() ?? "";
                var match = listed.FirstOrDefault(p => folder == p.Key + "." + p.Value);
                if (match.Key == null)
                {
                    problems.Add($"{relative}: HintPath {hint} names a package folder packages.config does not list");
                }
            }
        }

        Assert.IsEmpty(problems, string.Join("\n", problems));
    }

    [TestMethod]
    public void DeviceProjects_AllInNanoFrameworkSln_ExeDeployed()
    {
        var solution = File.ReadAllText(Path.Combine(Root, "nanoFramework.sln"));

        var problems = new List<string>();
        foreach (var path in NfProject.FindAll(Root).Where(File.Exists))
        {
            var document = XDocument.Load(path);
            var guid = document.Descendants(MsBuild + "ProjectGuid").Select(e => e.Value.Trim().ToUpperInvariant()).FirstOrDefault() ?? "";
            var exe = document.Descendants(MsBuild + "OutputType").Any(e => e.Value.Trim() == "Exe");
            var entry = $"\"{Relative(path).Replace('/', '\\')}\", \"{guid}\"";
            if (!solution.Split('\n').Any(l => l.StartsWith(NfprojSolutionType, StringComparison.Ordinal) && l.Contains(entry, StringComparison.OrdinalIgnoreCase)))
            {
                problems.Add($"{Relative(path)}: no nanoFramework project entry {entry}");
            }
            else if (exe && !(solution.Contains($"{guid}.Debug|Any CPU.Deploy.0", StringComparison.OrdinalIgnoreCase)
                && solution.Contains($"{guid}.Release|Any CPU.Deploy.0", StringComparison.OrdinalIgnoreCase)))
            {
                problems.Add($"{Relative(path)}: an Exe needs Debug and Release Deploy.0 lines");
            }
        }

        Assert.IsEmpty(problems, "nanoFramework.sln:\n" + string.Join("\n", problems));
    }

    [TestMethod]
    public void DeviceProjects_ListedFiles_AllExist()
    {
        var missing = NfProject.FindAll(Root).Where(File.Exists)
            .Select(p => NfProject.Load(p, Root))
            .SelectMany(p => p.CompileItems.Where(i => !File.Exists(p.SourcePath(i))).Select(i => $"{p.RelativePath}({i.Line}): {i.Include}"))
            .ToList();

        Assert.IsEmpty(missing, "listed but missing:\n" + string.Join("\n", missing));
    }

    [TestMethod]
    public void HalNfproj_ListsNothingUnderDesktop()
    {
        var project = NfProject.Load(Path.Combine(Root, "DeviceAgent.Hal", "DeviceAgent.Hal.nfproj"), Root);

        var desktop = project.CompileItems.Where(i => i.Include.StartsWith("Desktop\\", StringComparison.OrdinalIgnoreCase)).ToList();

        Assert.IsEmpty(desktop, "desktop-only HAL code listed for the device: " + string.Join(", ", desktop.Select(i => i.Include)));
    }

    [TestMethod]
    public void HalCsproj_RemovesEsp32FromCompile()
    {
        var csproj = XDocument.Load(Path.Combine(Root, "DeviceAgent.Hal", "DeviceAgent.Hal.csproj"));

        var removed = csproj.Descendants("Compile").Select(e => (string)e.Attribute("Remove"))
            .Where(r => r != null).Select(r => r.Replace('/', '\\').Trim());

        Assert.Contains("Esp32\\**", removed.ToList(), "DeviceAgent.Hal.csproj must have <Compile Remove=\"Esp32\\**\" />");
    }

    /// <summary>.cs files under the project folder (but not bin/, obj/ or <paramref name="excludedFolder"/>) the .nfproj does not list.</summary>
    private static List<string> UnlistedSources(string nfprojPath, string excludedFolder)
    {
        var project = NfProject.Load(nfprojPath, Root);
        var listed = new HashSet<string>(project.CompileItems.Select(project.SourcePath), StringComparer.OrdinalIgnoreCase);
        return Directory.EnumerateFiles(project.Directory, "*.cs", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(project.Directory, f))
            .Where(f => !IsUnder(f, "bin") && !IsUnder(f, "obj") && (excludedFolder == null || !IsUnder(f, excludedFolder)))
            .Where(f => !listed.Contains(Path.GetFullPath(Path.Combine(project.Directory, f))))
            .Select(f => f.Replace(Path.DirectorySeparatorChar, '\\'))
            .OrderBy(f => f, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>The board programs the portability check compiles: boards/*/*.nfproj.</summary>
    private static List<string> BoardProjects() =>
        NfProject.FindAll(Root).Where(p => IsUnder(Path.GetRelativePath(Root, p), "boards")).ToList();

    private static string Relative(string path) => Path.GetRelativePath(Root, path).Replace(Path.DirectorySeparatorChar, '/');

    private static bool IsUnder(string relativePath, string folder) =>
        relativePath.StartsWith(folder + Path.DirectorySeparatorChar, StringComparison.OrdinalIgnoreCase);

    private static string Includes(IEnumerable<string> files) =>
        string.Join(" ", files.Select(f => $"<Compile Include=\"{f}\" />"));
}
