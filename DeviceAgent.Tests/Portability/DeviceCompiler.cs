using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace DeviceAgent.Tests.Portability;

/// <summary>A device source file: the path shown in findings (repo-relative) and its text.</summary>
public sealed record DeviceSource(string Path, string Text);

/// <summary>The outcome of compiling one device compilation unit (one .nfproj, or one sample).</summary>
public sealed record DeviceUnitResult(string Name, int FileCount, IReadOnlyList<PortabilityFinding> Findings, MetadataReference Reference);

/// <summary>All findings of a check run and what was checked.</summary>
public sealed class PortabilityReport
{
    public PortabilityReport(IReadOnlyList<DeviceUnitResult> units, IReadOnlyList<PortabilityFinding> findings)
    {
        Units = units;
        Findings = findings;
    }

    public IReadOnlyList<DeviceUnitResult> Units { get; }

    /// <summary>Compiler errors and portability violations of every unit, plus project-level problems.</summary>
    public IReadOnlyList<PortabilityFinding> Findings { get; }

    public string Summary
    {
        get
        {
            var errors = Findings.Count(f => f.Category.StartsWith("error", StringComparison.Ordinal));
            return $"{Units.Count} device compilation units ({string.Join(", ", Units.Select(u => u.Name))}), " +
                $"{Units.Sum(u => u.FileCount)} files, {errors} compile errors, {Findings.Count - errors} portability violations";
        }
    }

    public override string ToString() => Summary + Environment.NewLine + string.Join(Environment.NewLine, Findings);
}

/// <summary>
/// Compiles device code the way the nanoFramework build does: C# 9, nullable off, no desktop standard library, only
/// the real nanoFramework mscorlib, the stubs of the referenced packages and the referenced device projects. Every
/// compiler error is a finding, and so is every construct <see cref="PortabilityAnalyzer"/> rejects.
/// </summary>
public static class DeviceCompiler
{
    private static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.CSharp9);
    private static readonly Regex MissingName = new(@"name '([A-Za-z_][A-Za-z0-9_]*)'", RegexOptions.CultureInvariant);

    /// <summary>Compiles one unit and analyses it. The reference it returns works even when the unit has errors.</summary>
    public static DeviceUnitResult Compile(string assemblyName, OutputKind outputKind, IReadOnlyList<DeviceSource> sources,
        IEnumerable<MetadataReference> references)
    {
        var trees = sources.Select(s => CSharpSyntaxTree.ParseText(s.Text, ParseOptions, s.Path)).ToList();
        var options = new CSharpCompilationOptions(outputKind, nullableContextOptions: NullableContextOptions.Disable);
        var compilation = CSharpCompilation.Create(assemblyName, trees, references, options);

        // Emitting, not just binding, also catches what lowering needs from mscorlib (e.g. members behind foreach/lock).
        using var image = new MemoryStream();
        var emit = compilation.Emit(image);
        var findings = emit.Diagnostics
            .Where(d => d.Severity == DiagnosticSeverity.Error)
            .Select(d => ErrorFinding(d, assemblyName))
            .Concat(PortabilityAnalyzer.Analyze(compilation))
            .OrderBy(f => f.Path, StringComparer.Ordinal).ThenBy(f => f.Line).ThenBy(f => f.Column)
            .ToList();
        MetadataReference reference = emit.Success ? MetadataReference.CreateFromImage(image.ToArray()) : compilation.ToMetadataReference();
        return new DeviceUnitResult(assemblyName, sources.Count, findings, reference);
    }

    /// <summary>
    /// Compiles every device .nfproj of the repo (see <see cref="NfProject.FindAll"/>) in project-reference order.
    /// </summary>
    /// <remarks>
    /// References are strict for packages: a unit sees only the stubs its &lt;Reference&gt; items name, because the
    /// device build fails the same way when a package reference is missing. Project references are taken
    /// transitively (forgiving), as the device build resolves the referenced projects' own dependencies.
    /// </remarks>
    public static PortabilityReport CheckRepository(string repoRoot, ApiListing listing, StubAssemblies stubs)
    {
        var findings = new List<PortabilityFinding>();
        var projects = new Dictionary<string, NfProject>(StringComparer.Ordinal);
        foreach (var path in NfProject.FindAll(repoRoot))
        {
            if (File.Exists(path))
            {
                projects[Path.GetFullPath(path)] = NfProject.Load(path, repoRoot);
            }
            else
            {
                findings.Add(new PortabilityFinding(Relative(repoRoot, path), 1, 1, "portability", "device project file is missing"));
            }
        }

        var built = new Dictionary<string, DeviceUnitResult>(StringComparer.Ordinal);
        var units = new List<DeviceUnitResult>();
        foreach (var project in InDependencyOrder(projects, repoRoot, findings))
        {
            var result = CompileProject(project, projects, repoRoot, listing, stubs, built, findings);
            built[project.FullPath] = result;
            units.Add(result);
            findings.AddRange(result.Findings);
        }

        return new PortabilityReport(units, findings);
    }

    private static DeviceUnitResult CompileProject(NfProject project, IReadOnlyDictionary<string, NfProject> projects,
        string repoRoot, ApiListing listing,
        StubAssemblies stubs, IReadOnlyDictionary<string, DeviceUnitResult> built, List<PortabilityFinding> findings)
    {
        var sources = new List<DeviceSource>();
        foreach (var item in project.CompileItems)
        {
            var path = project.SourcePath(item);
            if (File.Exists(path))
            {
                sources.Add(new DeviceSource(Relative(repoRoot, path), File.ReadAllText(path)));
            }
            else
            {
                findings.Add(ProjectFinding(project, item, $"listed source file not found: {item.Include}"));
            }
        }

        var references = new List<MetadataReference> { stubs.References[ApiListing.CoreLibrary] };
        var referencedAssemblies = new HashSet<string>(StringComparer.Ordinal) { ApiListing.CoreLibrary };
        foreach (var item in project.References.Where(r => r.Include != ApiListing.CoreLibrary))
        {
            if (stubs.References.TryGetValue(item.Include, out var stub))
            {
                references.Add(stub);
                referencedAssemblies.Add(item.Include);
            }
            else
            {
                findings.Add(ProjectFinding(project, item,
                    $"reference '{item.Include}' has no API listing in ../shared/nanoframework-api, so code using it cannot be checked"));
            }
        }

        references.AddRange(TransitiveProjectReferences(project, projects, built).Select(p => built[p].Reference));
        var kind = project.OutputType is "Exe" or "WinExe" ? OutputKind.ConsoleApplication : OutputKind.DynamicallyLinkedLibrary;
        var result = Compile(project.AssemblyName, kind, sources, references);
        var withHints = result.Findings.Select(f => WithReferenceHint(f, listing, referencedAssemblies)).ToList();
        return result with { Name = project.RelativePath, Findings = withHints };
    }

    /// <summary>
    /// A type that is not found but exists in a listed package the project does not reference is nearly always a
    /// missing &lt;Reference&gt;; saying so saves a search.
    /// </summary>
    private static PortabilityFinding WithReferenceHint(PortabilityFinding finding, ApiListing listing, ISet<string> referenced)
    {
        if (finding.Category is not ("error CS0246" or "error CS0103" or "error CS0234"))
        {
            return finding;
        }

        var match = MissingName.Match(finding.Message);
        var owners = match.Success
            ? listing.Types.Where(t => t.SimpleName == match.Groups[1].Value && !referenced.Contains(t.Assembly))
                .Select(t => t.Assembly).Distinct().OrderBy(a => a, StringComparer.Ordinal).ToList()
            : new List<string>();
        return owners.Count == 0
            ? finding
            : finding with { Message = finding.Message + $" (listed in {string.Join(", ", owners)}: add <Reference Include=\"{owners[0]}\"> to the .nfproj?)" };
    }

    private static IEnumerable<string> TransitiveProjectReferences(NfProject project, IReadOnlyDictionary<string, NfProject> projects,
        IReadOnlyDictionary<string, DeviceUnitResult> built)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var stack = new Stack<string>(project.ProjectReferences);
        while (stack.Count > 0)
        {
            var path = stack.Pop();
            if (built.ContainsKey(path) && seen.Add(path))
            {
                foreach (var next in projects[path].ProjectReferences)
                {
                    stack.Push(next);
                }
            }
        }

        return seen.OrderBy(p => p, StringComparer.Ordinal);
    }

    /// <summary>Referenced projects first; a referenced .nfproj outside the fixed set and the boards is loaded too.</summary>
    private static List<NfProject> InDependencyOrder(Dictionary<string, NfProject> projects, string repoRoot, List<PortabilityFinding> findings)
    {
        var ordered = new List<NfProject>();
        var state = new Dictionary<string, bool>(StringComparer.Ordinal); // false: in progress, true: done

        void Visit(NfProject project)
        {
            if (state.TryGetValue(project.FullPath, out var done))
            {
                if (!done)
                {
                    findings.Add(new PortabilityFinding(project.RelativePath, 1, 1, "portability", "project references form a cycle"));
                }

                return;
            }

            state[project.FullPath] = false;
            foreach (var reference in project.ProjectReferences)
            {
                if (!projects.TryGetValue(reference, out var referenced))
                {
                    if (!File.Exists(reference))
                    {
                        findings.Add(new PortabilityFinding(project.RelativePath, 1, 1, "portability",
                            $"referenced project not found: {Relative(repoRoot, reference)}"));
                        continue;
                    }

                    referenced = projects[reference] = NfProject.Load(reference, repoRoot);
                }

                Visit(referenced);
            }

            state[project.FullPath] = true;
            ordered.Add(project);
        }

        foreach (var project in projects.Values.ToList())
        {
            Visit(project);
        }

        return ordered;
    }

    private static PortabilityFinding ErrorFinding(Diagnostic diagnostic, string unit)
    {
        var span = diagnostic.Location.GetMappedLineSpan();
        return new PortabilityFinding(
            span.IsValid && !string.IsNullOrEmpty(span.Path) ? span.Path : unit,
            span.IsValid ? span.StartLinePosition.Line + 1 : 1,
            span.IsValid ? span.StartLinePosition.Character + 1 : 1,
            "error " + diagnostic.Id,
            diagnostic.GetMessage(CultureInfo.InvariantCulture));
    }

    private static PortabilityFinding ProjectFinding(NfProject project, NfProjectItem item, string message) =>
        new(project.RelativePath, item.Line, item.Column, "portability", message);

    private static string Relative(string repoRoot, string path) => Path.GetRelativePath(repoRoot, path).Replace('\\', '/');
}
