using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Xml;
using System.Xml.Linq;

namespace DeviceAgent.Tests.Portability;

/// <summary>An item of a project file with the line it is on, so findings can point at it.</summary>
public sealed record NfProjectItem(string Include, int Line, int Column);

/// <summary>
/// What the device build takes from a .nfproj (classic MSBuild XML): the sources, the package references and the
/// projects it references. Only what the portability check needs; conditions and imports are not evaluated.
/// </summary>
public sealed class NfProject
{
    private static readonly XNamespace MsBuild = "http://schemas.microsoft.com/developer/msbuild/2003";

    private NfProject(string path, string repoRoot, XDocument document)
    {
        FullPath = Path.GetFullPath(path);
        RelativePath = Path.GetRelativePath(repoRoot, FullPath).Replace('\\', '/');
        Directory = Path.GetDirectoryName(FullPath);
        AssemblyName = Property(document, "AssemblyName") ?? Path.GetFileNameWithoutExtension(path);
        OutputType = Property(document, "OutputType") ?? "Library";
        CompileItems = Items(document, "Compile");
        References = Items(document, "Reference")
            .Select(r => r with { Include = r.Include.Split(',')[0].Trim() })
            .ToList();
        ProjectReferences = Items(document, "ProjectReference")
            .Select(r => Path.GetFullPath(Path.Combine(Directory, ToLocalPath(r.Include))))
            .ToList();
    }

    public string FullPath { get; }

    /// <summary>Path from the repo root with forward slashes, as used in reports.</summary>
    public string RelativePath { get; }

    public string Directory { get; }
    public string AssemblyName { get; }

    /// <summary>Library, Exe (a nanoFramework Exe has <c>static void Main()</c>) or WinExe.</summary>
    public string OutputType { get; }

    /// <summary>&lt;Compile Include&gt; items, paths relative to the project folder with backslashes as written.</summary>
    public IReadOnlyList<NfProjectItem> CompileItems { get; }

    /// <summary>&lt;Reference Include&gt; names without version or culture (e.g. mscorlib, System.Net.Http).</summary>
    public IReadOnlyList<NfProjectItem> References { get; }

    /// <summary>Full paths of the referenced .nfproj files.</summary>
    public IReadOnlyList<string> ProjectReferences { get; }

    /// <summary>Full path of a compile item on this machine.</summary>
    public string SourcePath(NfProjectItem item) => Path.GetFullPath(Path.Combine(Directory, ToLocalPath(item.Include)));

    public static NfProject Load(string path, string repoRoot) =>
        new(path, repoRoot, XDocument.Load(path, LoadOptions.SetLineInfo));

    /// <summary>
    /// The device compilation units: the core, the HAL, the portable tests and every board program
    /// (boards/*/*.nfproj, found by globbing so that new boards are checked without touching this code).
    /// </summary>
    public static IReadOnlyList<string> FindAll(string repoRoot)
    {
        var fixedProjects = new[]
        {
            Path.Combine(repoRoot, "DeviceAgent.Hal", "DeviceAgent.Hal.nfproj"),
            Path.Combine(repoRoot, "DeviceAgent", "DeviceAgent.nfproj"),
            Path.Combine(repoRoot, "DeviceAgent.Tests", "DeviceAgent.Tests.nfproj"),
        };
        var boards = Path.Combine(repoRoot, "boards");
        var boardProjects = System.IO.Directory.Exists(boards)
            ? System.IO.Directory.GetDirectories(boards).SelectMany(d => System.IO.Directory.GetFiles(d, "*.nfproj"))
            : Enumerable.Empty<string>();
        return fixedProjects.Concat(boardProjects.OrderBy(p => p, StringComparer.Ordinal)).ToList();
    }

    /// <summary>Project files write Windows paths; this machine may not.</summary>
    public static string ToLocalPath(string include) => include.Replace('\\', Path.DirectorySeparatorChar);

    private static string Property(XDocument document, string name) =>
        document.Root?.Elements(MsBuild + "PropertyGroup").Elements(MsBuild + name).Select(e => e.Value.Trim()).FirstOrDefault();

    private static List<NfProjectItem> Items(XDocument document, string itemType) =>
        document.Root?.Elements(MsBuild + "ItemGroup").Elements(MsBuild + itemType)
            .Select(e => (Element: e, Include: (string)e.Attribute("Include")))
            .Where(e => !string.IsNullOrWhiteSpace(e.Include))
            .Select(e => new NfProjectItem(e.Include.Trim(), ((IXmlLineInfo)e.Element).LineNumber, ((IXmlLineInfo)e.Element).LinePosition))
            .ToList()
        ?? new List<NfProjectItem>();
}
