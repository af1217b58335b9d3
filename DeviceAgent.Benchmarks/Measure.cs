using System;
using System.Diagnostics;

namespace DeviceAgent.Benchmarks;

/// <summary>What one operation costs on the current thread: allocated bytes and throughput.</summary>
public readonly record struct Cost(double BytesPerOperation, double OperationsPerSecond)
{
    /// <summary>
    /// Warms <paramref name="operation"/> up (so the JIT's tiering is done), then runs it in batches for about
    /// <paramref name="duration"/>, counting bytes with GC.GetAllocatedBytesForCurrentThread.
    /// </summary>
    public static Cost Of(Action operation, TimeSpan duration, int batch = 10_000)
    {
        for (var i = 0; i < 5 * batch; i++)
        {
            operation();
        }

        long operations = 0;
        var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        var stopwatch = Stopwatch.StartNew();
        while (stopwatch.Elapsed < duration)
        {
            for (var i = 0; i < batch; i++)
            {
                operation();
            }

            operations += batch;
        }

        stopwatch.Stop();
        var allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
        return new Cost((double)allocated / operations, operations / stopwatch.Elapsed.TotalSeconds);
    }
}
