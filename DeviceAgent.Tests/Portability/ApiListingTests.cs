using System;
using System.IO;
using System.Linq;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace DeviceAgent.Tests.Portability;

/// <summary>The listing parser on the awkward corners of the format (../shared/nanoframework-api/README.md).</summary>
[TestClass]
public class ApiListingTests
{
    private const string Sample = """
        # Demo 1.0.0.0
        T:Demo.Widget  abstract class : System.IO.Stream, System.IDisposable
        Demo.Widget.Changed : event System.EventHandler  [static]
        Demo.Widget.Name { get; protected set; } : System.String  [virtual]
        Demo.Widget.Pad(System.String, System.Char = ',', System.String = "a, b]") : System.String  [static, names = s c t]
        Demo.Widget.Separator : System.String  [const = ", "]
        Demo.Widget.TryRead(ref System.Int32, out System.Int64[]) : System.Boolean  [protected, abstract, names = _ value]
        Demo.Widget.this[System.Int32] { get; } : System.Byte  [names = index]
        T:Demo.Widget.Mode  enum : System.Byte  [protected, flags]
        Demo.Widget.Mode.On : Demo.Widget.Mode  [const = 1]
        """;

    [TestMethod]
    public void Load_AwkwardLines_ParsesEveryPart()
    {
        var directory = Directory.CreateTempSubdirectory("api-listing-");
        try
        {
            File.WriteAllText(Path.Combine(directory.FullName, "Demo.txt"), Sample);

            var listing = ApiListing.Load(directory.FullName);

            var widget = listing.Find("Demo.Widget");
            Assert.IsTrue(widget.IsAbstract);
            CollectionAssert.AreEqual(new[] { "System.IO.Stream", "System.IDisposable" }, widget.BaseTypes.ToArray());
            var members = widget.Members.ToDictionary(m => m.Name);
            Assert.AreEqual(ApiMemberKind.Event, members["Changed"].Kind);
            Assert.AreEqual("System.EventHandler", members["Changed"].Type);
            Assert.IsTrue(members["Name"].HasSetter && members["Name"].SetterProtected && !members["Name"].GetterProtected);
            Assert.AreEqual(ApiVirtuality.Virtual, members["Name"].Virtuality);
            CollectionAssert.AreEqual(new[] { null, "','", "\"a, b]\"" }, members["Pad"].Parameters.Select(p => p.DefaultValue).ToArray());
            CollectionAssert.AreEqual(new[] { "s", "c", "t" }, members["Pad"].Parameters.Select(p => p.Name).ToArray());
            Assert.AreEqual("\", \"", members["Separator"].ConstValue);
            var tryRead = members["TryRead"];
            Assert.IsTrue(tryRead.IsProtected);
            Assert.AreEqual(ApiVirtuality.Abstract, tryRead.Virtuality);
            CollectionAssert.AreEqual(new[] { "ref", "out" }, tryRead.Parameters.Select(p => p.Modifier).ToArray());
            Assert.AreEqual("System.Int64[]", tryRead.Parameters[1].Type);
            Assert.AreEqual("_", tryRead.Parameters[0].Name);
            Assert.AreEqual(ApiMemberKind.Indexer, members["this"].Kind);
            Assert.AreEqual("System.Int32", members["this"].Parameters.Single().Type);

            var mode = listing.Find("Demo.Widget.Mode");
            Assert.AreEqual("Demo.Widget", mode.DeclaringTypeName);
            Assert.AreEqual(("Demo", "Mode", "System.Byte"), (mode.Namespace, mode.SimpleName, mode.EnumUnderlyingType));
            Assert.IsTrue(mode.IsProtected && mode.IsFlags);
            Assert.AreEqual("1", mode.Members.Single().ConstValue);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [TestMethod]
    public void Load_MemberWithoutItsType_ReportsFileAndLine()
    {
        var directory = Directory.CreateTempSubdirectory("api-listing-");
        try
        {
            File.WriteAllText(Path.Combine(directory.FullName, "Demo.txt"), "T:Demo.A  class\nDemo.B.X() : System.Void\n");

            var error = Assert.ThrowsExactly<FormatException>(() => ApiListing.Load(directory.FullName));

            Assert.Contains("Demo.txt(2)", error.Message);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [TestMethod]
    [DataRow("System.Void", "void")]
    [DataRow("System.Byte[][]", "global::System.Byte[][]")]
    [DataRow("System.Action`2<System.Int32, System.String>", "global::System.Action<global::System.Int32, global::System.String>")]
    [DataRow("nanoFramework.System.IO.RemovableDeviceEventHandler", "global::nanoFramework.System.IO.RemovableDeviceEventHandler")]
    public void TypeRef_ListedName_IsGlobalCSharp(string listed, string expected)
    {
        Assert.AreEqual(expected, StubGenerator.TypeRef(listed));
    }
}
