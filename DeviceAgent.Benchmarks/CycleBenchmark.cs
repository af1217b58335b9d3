using System;
using System.Diagnostics;

namespace DeviceAgent.Benchmarks;

/// <summary>
/// Managed bytes the phone allocates for one full discovery cycle (inquiry, flash write, provision-request and
/// configuration; transport excluded, see <see cref="PhoneCycle"/>), split by half, and cycles per second on one core.
/// </summary>
public static class CycleBenchmark
{
    private const int WarmUpCycles = 2_000;
    private const int MeasuredCycles = 20_000;

    public static int Run()
    {
        var cycle = new PhoneCycle();
        var stopwatch = Stopwatch.StartNew();
        var (total, inquiry, provisioning) = cycle.Measure(WarmUpCycles, MeasuredCycles);
        stopwatch.Stop();
        var perSecond = (WarmUpCycles + MeasuredCycles) / stopwatch.Elapsed.TotalSeconds;

        Console.WriteLine($"cycle: inquiry + provisioning of a phone with nothing cached, one thread, {Environment.Version}, {MeasuredCycles:N0} cycles after {WarmUpCycles:N0} warm-up");
        Console.WriteLine($"  whole cycle        {total,9:N0} B/cycle  {perSecond,12:N0} cycles/s  (goal <= {PhoneCycle.GoalBytes:N0} B)");
        Console.WriteLine($"    inquiry          {inquiry,9:N0} B/cycle  (start, GET /v1/contact, answer parsed, contact written to flash)");
        Console.WriteLine($"    provisioning     {provisioning,9:N0} B/cycle  (POST provision-request, configuration read)");
        return total <= PhoneCycle.GoalBytes ? 0 : 1;
    }
}
