using System;
using System.Collections.Concurrent;
using DeviceAgent.PreProvisioning;

namespace ServerStub.PreProvisioning;

/// <summary>
/// Remembers every accepted (device, ts, sig) until its timestamp has left the window, so a captured inquiry cannot be
/// sent again while the window would still accept it. In memory: a restart forgets, which re-opens at most one
/// window (300 s) for inquiries captured before the restart.
/// </summary>
public sealed class ReplayGuard
{
    private const int PruneIntervalSeconds = 30;

    private readonly ConcurrentDictionary<string, long> _seen = new(StringComparer.Ordinal);
    private long _nextPrune;

    /// <summary>True the first time these credentials are presented; false for a replay.</summary>
    public bool TryAccept(DeviceCredentials credentials, long nowUnixSeconds)
    {
        if (nowUnixSeconds >= _nextPrune)
        {
            _nextPrune = nowUnixSeconds + PruneIntervalSeconds;
            foreach (var entry in _seen)
            {
                if (entry.Value < nowUnixSeconds)
                {
                    _seen.TryRemove(entry.Key, out _);
                }
            }
        }

        var key = credentials.DeviceId + "\n" + credentials.Timestamp + "\n" + Convert.ToHexString(credentials.Signature);
        return _seen.TryAdd(key, credentials.Timestamp + DeviceSignature.WindowSeconds);
    }
}
