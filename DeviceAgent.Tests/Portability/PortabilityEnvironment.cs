using System;
using System.IO;
using System.Threading;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace DeviceAgent.Tests.Portability;

/// <summary>
/// Where things are (repo root, API listing, real mscorlib) and the expensive shared state (listing, stubs), built
/// once per test run. Without the listing the checks cannot run: they are reported inconclusive, never passed.
/// </summary>
public static class PortabilityEnvironment
{
    /// <summary>Overrides the listing folder, which by default is ../shared/nanoframework-api next to the repo root.</summary>
    public const string ApiDirVariable = "NANOFRAMEWORK_API_DIR";

    private static readonly Lazy<string> LazyRepoRoot = new(FindRepoRoot, LazyThreadSafetyMode.ExecutionAndPublication);
    private static readonly Lazy<ApiListing> LazyListing = new(() => ApiListing.Load(RequireApiDirectory()), LazyThreadSafetyMode.ExecutionAndPublication);
    private static readonly Lazy<StubAssemblies> LazyStubs = new(() => StubAssemblies.Build(Listing, MscorlibPath), LazyThreadSafetyMode.ExecutionAndPublication);

    public static string RepoRoot => LazyRepoRoot.Value;

    /// <summary>The listing folder: <see cref="ApiDirVariable"/> if set, else ../shared/nanoframework-api from the repo root.</summary>
    public static string ApiDirectory
    {
        get
        {
            var overridden = Environment.GetEnvironmentVariable(ApiDirVariable);
            return Path.GetFullPath(string.IsNullOrEmpty(overridden)
                ? Path.Combine(RepoRoot, "..", "shared", "nanoframework-api")
                : overridden);
        }
    }

    /// <summary>The real core library, copied to the test output by DeviceAgent.Tests.csproj.</summary>
    public static string MscorlibPath => Path.Combine(AppContext.BaseDirectory, "nanoframework", "mscorlib.dll");

    /// <summary>The bad and good sample programs that prove the check can fail (copied to the test output).</summary>
    public static string SamplesDirectory => Path.Combine(AppContext.BaseDirectory, "Portability", "Samples");

    public static ApiListing Listing => LazyListing.Value;

    public static StubAssemblies Stubs => LazyStubs.Value;

    /// <summary>Marks the calling test inconclusive (skipped) when the listing is missing; call before using it.</summary>
    public static void RequireApiListing()
    {
        if (!Directory.Exists(ApiDirectory))
        {
            Assert.Inconclusive($"../shared/nanoframework-api not found: portability check skipped; looked in {ApiDirectory} " +
                $"(set {ApiDirVariable} to the folder holding mscorlib.txt and the other listing files).");
        }

        if (!File.Exists(MscorlibPath))
        {
            Assert.Fail($"{MscorlibPath} is missing: DeviceAgent.Tests.csproj copies it from the nanoFramework.CoreLibrary package.");
        }
    }

    private static string RequireApiDirectory()
    {
        RequireApiListing();
        return ApiDirectory;
    }

    /// <summary>The repo root holds nanoFramework.sln (device) or DeviceAgent.Desktop.slnx (desktop); either will do.</summary>
    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "nanoFramework.sln")) ||
                File.Exists(Path.Combine(dir.FullName, "DeviceAgent.Desktop.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException(
            $"no folder above {AppContext.BaseDirectory} holds nanoFramework.sln or DeviceAgent.Desktop.slnx");
    }
}
