using System;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace DeviceAgent.Tests.Portability;

/// <summary>
/// Small class bodies through the whole check: API misuse the stubs must reject (they bind like the real assemblies)
/// and constructs only the semantic model sees (inferred type arguments, implied generic types).
/// </summary>
[TestClass]
public class DeviceSnippetTests
{
    [TestMethod]
    [DataRow("static string M(byte[] b) => Encoding.UTF8.GetString(b);", "error CS7036")]
    [DataRow("static object M(HttpClient c) => c.GetAsync(\"http://x\");", "error CS1061")]
    [DataRow("static void M(int[] a) => Array.Sort(a);", "error CS0117")]
    [DataRow("static int M(string s) => int.Parse(s, null);", "error CS1501")]
    [DataRow("static T Id<T>(T x) => x; static int M() => Id(1);", "portability: generic method 'S.C.Id<int>(int)'")]
    [DataRow("static object M() { var f = new Func<int>(() => 1); return f; }", "portability: generic type 'System.Func<int>'")]
    [DataRow("static object M() { var t = (1, \"a\"); return t; }", "portability: tuple")]
    [DataRow("static int M() { Span<byte> s = stackalloc byte[4]; return s.Length; }", "portability: stackalloc")]
    [DataRow("public record R(int X);", "portability: record")]
    [DataRow("class Box<T> { public T Value; }", "portability: generic type definition 'Box<T>'")]
    [DataRow("static async void M() { }", "portability: async method")]
    [DataRow("static object M() => new int[2, 2];", "portability: multi-dimensional array")]
    public void Snippet_CheckedForNanoFramework_IsRejected(string members, string expected)
    {
        var findings = Check(members);

        Assert.IsTrue(findings.Any(f => f.Contains(expected, StringComparison.Ordinal)),
            $"expected a finding with '{expected}', got:\n{string.Join("\n", findings)}");
    }

    [TestMethod]
    [DataRow("static string M(byte[] b) => Encoding.UTF8.GetString(b, 0, b.Length);")]
    [DataRow("static int M(object o) => o is int i ? i : 0;")]
    [DataRow("static string M(int x) => x switch { 0 => \"zero\", _ => $\"{x:D2}\" };")]
    [DataRow("static int[][] M() => new int[2][];")]
    [DataRow("static void M(ArrayList a) { foreach (object o in a) { lock (a) { } } }")]
    [DataRow("static string M(HttpClient c) => c.GetString(\"http://x\");")]
    public void Snippet_CheckedForNanoFramework_IsAccepted(string members)
    {
        var findings = Check(members);

        Assert.IsEmpty(findings, string.Join("\n", findings));
    }

    private static string[] Check(string members)
    {
        PortabilityEnvironment.RequireApiListing();
        var source = "using System; using System.Collections; using System.Net.Http; using System.Text;\n" +
            "namespace S { public static class C { " + members + " } }";
        var result = DeviceCompiler.Compile("Snippet", OutputKind.DynamicallyLinkedLibrary,
            new[] { new DeviceSource("Snippet.cs", source) }, PortabilityEnvironment.Stubs.References.Values);
        return result.Findings.Select(f => f.ToString()).ToArray();
    }
}
