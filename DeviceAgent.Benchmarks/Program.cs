using System;
using System.Collections.Generic;

namespace DeviceAgent.Benchmarks;

/// <summary>Runs one benchmark by name; each benchmark is a subcommand with a Run method returning an exit code.</summary>
public static class Program
{
    private static readonly Dictionary<string, (string Description, Func<int> Run)> Benchmarks = new()
    {
        ["dhcp"] = ("DHCP codec: allocations and packets/s for option scan and full typed parse of an ACK", DhcpBenchmark.Run),
        ["cycle"] = ("phone discovery cycle (inquiry + provisioning, transport excluded): allocated bytes, split, cycles/s", CycleBenchmark.Run),
    };

    public static int Main(string[] args)
    {
        if (args.Length == 1 && Benchmarks.TryGetValue(args[0], out var benchmark))
        {
            return benchmark.Run();
        }

        Console.Error.WriteLine("usage: dotnet run -c Release --project DeviceAgent.Benchmarks -- <benchmark>");
        foreach (var (name, entry) in Benchmarks)
        {
            Console.Error.WriteLine($"  {name,-8} {entry.Description}");
        }

        return 2;
    }
}
