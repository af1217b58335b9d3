using System.Threading;

namespace ServerStub.Provisioning;

/// <summary>
/// Caps the provisioning requests in progress. Over the cap a phone is told to come back later instead of queueing,
/// so a storm of phones after a power cut spreads itself out rather than timing out.
/// </summary>
public sealed class ProvisioningGate(int capacity)
{
    private int _inFlight;

    /// <summary>Takes a slot; false when all are taken. A true result must be paired with <see cref="Exit"/>.</summary>
    public bool TryEnter()
    {
        if (Interlocked.Increment(ref _inFlight) <= capacity)
        {
            return true;
        }

        Interlocked.Decrement(ref _inFlight);
        return false;
    }

    public void Exit() => Interlocked.Decrement(ref _inFlight);
}
