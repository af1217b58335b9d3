using System;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace DeviceAgent.Tests.Portability;

/// <summary>
/// The portability check: device code must compile for .NET nanoFramework v1 (real mscorlib + stubs generated from
/// ../shared/nanoframework-api, C# 9) and use none of the constructs the device runtime lacks. The samples prove that
/// the check fails on each usual desktop habit and passes plain device code.
/// </summary>
[TestClass]
public class PortabilityCheckTests
{
    [TestMethod]
    public void StubAssemblies_AllListings_CompileWithoutErrors()
    {
        PortabilityEnvironment.RequireApiListing();
        var stubs = PortabilityEnvironment.Stubs;

        Console.WriteLine("stub compile order: " + string.Join(", ", stubs.CompileOrder));
        Assert.AreEqual(PortabilityEnvironment.Listing.Assemblies.Count - 1, stubs.CompileOrder.Count, "one stub per non-mscorlib listing");
        Assert.IsEmpty(stubs.Errors, "stub compile errors:\n" + string.Join("\n", stubs.Errors.Take(200)));
    }

    [TestMethod]
    public void DeviceCode_CompiledForNanoFramework_HasNoViolations()
    {
        PortabilityEnvironment.RequireApiListing();

        var report = DeviceCompiler.CheckRepository(PortabilityEnvironment.RepoRoot, PortabilityEnvironment.Listing, PortabilityEnvironment.Stubs);

        Console.WriteLine(report.Summary);
        Assert.IsGreaterThanOrEqualTo(3, report.Units.Count, "core, HAL and portable tests are always compiled");
        Assert.IsEmpty(report.Findings, "device code does not build or run on nanoFramework v1:\n" + report);
    }

    [TestMethod]
    [DataRow("ListOfT", "portability: generic name 'List<int>'")]
    [DataRow("Linq", "error CS0234")]
    [DataRow("AsyncMethod", "portability: async method")]
    [DataRow("StringJoin", "error CS0117")]
    [DataRow("SpanOfByte", "portability: generic name 'Span<byte>'")]
    [DataRow("NullableInt", "portability: nullable value type")]
    [DataRow("GenericMethod", "portability: generic method definition")]
    [DataRow("ActionOfInt", "portability: generic type 'System.Action<int>'")]
    [DataRow("AnonymousType", "portability: anonymous type")]
    [DataRow("Iterator", "portability: iterator")]
    [DataRow("MultiDimArray", "portability: multi-dimensional array")]
    [DataRow("DefaultInterfaceMethod", "portability: default interface method")]
    public void BadSample_CheckedForNanoFramework_IsRejected(string sample, string expected)
    {
        var findings = CheckSample(sample);

        Assert.IsNotEmpty(findings, $"{sample} must be rejected");
        Assert.IsTrue(findings.Any(f => f.ToString().Contains(expected, StringComparison.Ordinal)),
            $"{sample}: expected a finding with '{expected}', got:\n{string.Join("\n", findings)}");
    }

    [TestMethod]
    public void GoodSample_CheckedForNanoFramework_IsAccepted()
    {
        var findings = CheckSample("Good");

        Assert.IsEmpty(findings, "Good.cs.txt must pass:\n" + string.Join("\n", findings));
    }

    /// <summary>Compiles one sample as a library against every stub, as if its project referenced them all.</summary>
    private static PortabilityFinding[] CheckSample(string sample)
    {
        PortabilityEnvironment.RequireApiListing();
        var path = Path.Combine(PortabilityEnvironment.SamplesDirectory, sample + ".cs.txt");
        var result = DeviceCompiler.Compile("Sample" + sample, OutputKind.DynamicallyLinkedLibrary,
            new[] { new DeviceSource(sample + ".cs", File.ReadAllText(path)) }, PortabilityEnvironment.Stubs.References.Values);
        foreach (var finding in result.Findings)
        {
            Console.WriteLine(finding);
        }

        return result.Findings.ToArray();
    }
}
