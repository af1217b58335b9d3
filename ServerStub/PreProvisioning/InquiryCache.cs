using System;
using System.Collections.Concurrent;
using System.Threading;
using System.Threading.Tasks;
using DeviceAgent.PreProvisioning;
using Microsoft.AspNetCore.Http;

namespace ServerStub.PreProvisioning;

/// <summary>
/// The phones' read path served from memory: each device's row (its secret for the signature check) and its encoded
/// 200 answer, kept until the next management write. An entry is valid only for the <see cref="PreProvisioningStore.Generation"/>
/// it was loaded under, and every write bumps that after it commits, so an inquiry answered after a PUT, DELETE or
/// import returned never sees the old row. Holds at most <c>capacity</c> devices: when full it empties and refills
/// with the devices that ask next. Unknown devices are not cached, so random IDs cannot fill it.
/// </summary>
public sealed class InquiryCache
{
    /// <summary>Devices kept when no capacity is given: far more than one stub serves, a few MB at most.</summary>
    public const int DefaultCapacity = 10_000;

    private readonly PreProvisioningStore _store;
    private readonly int _capacity;
    private readonly ConcurrentDictionary<string, CachedInquiry> _entries = new(StringComparer.Ordinal);
    private int _count;

    public InquiryCache(PreProvisioningStore store, int capacity = DefaultCapacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _store = store;
        _capacity = capacity;
    }

    /// <summary>The device and its answer, or null when it is not registered.</summary>
    public CachedInquiry Find(string deviceId)
    {
        var generation = _store.Generation;
        if (_entries.TryGetValue(deviceId, out var entry) && entry.Generation == generation)
        {
            return entry;
        }

        // Loaded after reading the generation: a write committing meanwhile leaves this entry stale, never wrong.
        var device = _store.Find(deviceId);
        if (device == null)
        {
            if (_entries.TryRemove(deviceId, out _))
            {
                Interlocked.Decrement(ref _count);
            }

            return null;
        }

        entry = new CachedInquiry(device, generation);
        if (!_entries.TryAdd(deviceId, entry))
        {
            _entries[deviceId] = entry;
        }
        else if (Interlocked.Increment(ref _count) > _capacity)
        {
            _entries.Clear();
            Interlocked.Exchange(ref _count, 0);
        }

        return entry;
    }
}

/// <summary>One device as the inquiry needs it; as a result it writes the 200 answer from its encoded bytes.</summary>
public sealed class CachedInquiry : IResult
{
    private readonly byte[] _body;

    internal CachedInquiry(PreProvisionedDevice device, long generation)
    {
        Device = device;
        Generation = generation;
        _body = new byte[InquiryResponse.EncodedLength(device.Contact)];
        InquiryResponse.Encode(device.Contact, device.ValidForSeconds, _body, 0);
    }

    public PreProvisionedDevice Device { get; }

    internal long Generation { get; }

    public Task ExecuteAsync(HttpContext context)
    {
        var response = context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = InquiryResponse.ContentType;
        response.ContentLength = _body.Length;
        response.Headers.CacheControl = "no-store";
        return response.Body.WriteAsync(_body).AsTask();
    }
}
