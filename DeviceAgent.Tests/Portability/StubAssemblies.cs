using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace DeviceAgent.Tests.Portability;

/// <summary>
/// The compile references of the device: the real nanoFramework mscorlib plus one in-memory stub per other listed
/// assembly, each stub compiled against mscorlib and the stubs before it in <see cref="StubGenerator.CompileOrder"/>.
/// </summary>
public sealed class StubAssemblies
{
    private StubAssemblies(IReadOnlyDictionary<string, MetadataReference> references, IReadOnlyList<string> compileOrder,
        IReadOnlyList<string> errors)
    {
        References = references;
        CompileOrder = compileOrder;
        Errors = errors;
    }

    /// <summary>By assembly name, mscorlib included. A stub that failed to compile is still here (from its compilation).</summary>
    public IReadOnlyDictionary<string, MetadataReference> References { get; }

    /// <summary>The non-mscorlib assemblies in the order they were compiled.</summary>
    public IReadOnlyList<string> CompileOrder { get; }

    /// <summary>Compiler errors in the generated stubs, as <c>Assembly.g.cs(line,col): error CSxxxx: message</c>.</summary>
    public IReadOnlyList<string> Errors { get; }

    public static StubAssemblies Build(ApiListing listing, string mscorlibPath)
    {
        var generator = new StubGenerator(listing);
        var parseOptions = new CSharpParseOptions(LanguageVersion.CSharp9);
        var options = new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary,
            nullableContextOptions: NullableContextOptions.Disable);
        var references = new Dictionary<string, MetadataReference>(StringComparer.Ordinal)
        {
            [ApiListing.CoreLibrary] = MetadataReference.CreateFromFile(mscorlibPath),
        };
        var errors = new List<string>();
        var order = generator.CompileOrder();
        foreach (var assembly in order)
        {
            var tree = CSharpSyntaxTree.ParseText(generator.Generate(assembly), parseOptions, assembly + ".g.cs");
            var compilation = CSharpCompilation.Create(assembly, new[] { tree }, references.Values.ToList(), options);
            using var image = new MemoryStream();
            var result = compilation.Emit(image);
            errors.AddRange(result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Select(Format));
            references[assembly] = result.Success
                ? MetadataReference.CreateFromImage(image.ToArray())
                : compilation.ToMetadataReference();
        }

        return new StubAssemblies(references, order, errors);
    }

    /// <summary>The compiler's own <c>path(line,col): error CSxxxx: message</c> layout.</summary>
    internal static string Format(Diagnostic d)
    {
        var span = d.Location.GetMappedLineSpan();
        var where = span.IsValid ? $"{span.Path}({span.StartLinePosition.Line + 1},{span.StartLinePosition.Character + 1})" : "(no location)";
        return $"{where}: {d.Severity.ToString().ToLowerInvariant()} {d.Id}: {d.GetMessage(System.Globalization.CultureInfo.InvariantCulture)}";
    }
}
