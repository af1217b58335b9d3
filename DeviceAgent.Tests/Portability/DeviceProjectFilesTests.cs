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

    private static bool IsUnder(string relativePath, string folder) =>
        relativePath.StartsWith(folder + Path.DirectorySeparatorChar, StringComparison.OrdinalIgnoreCase);

    private static string Includes(IEnumerable<string> files) =>
        string.Join(" ", files.Select(f => $"<Compile Include=\"{f}\" />"));
}
