using System;
using System.Security.Cryptography;
using DeviceAgent.Crypto;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace DeviceAgent.Tests.Crypto;

/// <summary>
/// Desktop only: checks the portable hashes against .NET's System.Security.Cryptography on random messages, keys and
/// chunkings. The seed is printed; set CRYPTO_SEED to replay a run.
/// </summary>
[TestClass]
public class HashReferenceTests
{
    private const int Messages = 2000;
    private const int MaxLength = 5000;

    [TestMethod]
    public void AllHashes_RandomMessagesAndChunkings_MatchDotNet()
    {
        var seedText = Environment.GetEnvironmentVariable("CRYPTO_SEED");
        var seed = string.IsNullOrEmpty(seedText) ? Random.Shared.Next() : int.Parse(seedText);
        Console.WriteLine($"CRYPTO_SEED={seed}");
        var random = new Random(seed);

        // One instance of each hash for the whole run, so every message also checks that Finish resets.
        var md5 = new Md5();
        var sha = new Sha256();
        for (var i = 0; i < Messages; i++)
        {
            var data = new byte[random.Next(MaxLength + 1)];
            random.NextBytes(data);
            var key = new byte[random.Next(200)];
            random.NextBytes(key);
            var context = $"message {i}, {data.Length} bytes, key {key.Length} bytes, CRYPTO_SEED={seed}";

            CollectionAssert.AreEqual(MD5.HashData(data), Digest(md5.Append, md5.Finish, Md5.HashSize, data, random), "MD5 " + context);
            CollectionAssert.AreEqual(SHA256.HashData(data), Digest(sha.Append, sha.Finish, Sha256.HashSize, data, random), "SHA-256 " + context);
            var hmacMd5 = new HmacMd5(key);
            CollectionAssert.AreEqual(HMACMD5.HashData(key, data), Digest(hmacMd5.Append, hmacMd5.Finish, HmacMd5.HashSize, data, random), "HMAC-MD5 " + context);
            var hmacSha = new HmacSha256(key);
            CollectionAssert.AreEqual(HMACSHA256.HashData(key, data), Digest(hmacSha.Append, hmacSha.Finish, HmacSha256.HashSize, data, random), "HMAC-SHA-256 " + context);
        }
    }

    // Every length across the first few blocks, so each padding case (length field in the same or the next block) is hit.
    [TestMethod]
    public void AllHashes_EveryShortLength_MatchDotNet()
    {
        var data = new byte[300];
        new Random(300).NextBytes(data);
        for (var length = 0; length <= data.Length; length++)
        {
            var message = data.AsSpan(0, length).ToArray();
            CollectionAssert.AreEqual(MD5.HashData(message), Md5.Compute(message, 0, length), $"MD5 length {length}");
            CollectionAssert.AreEqual(SHA256.HashData(message), Sha256.Compute(message, 0, length), $"SHA-256 length {length}");
            CollectionAssert.AreEqual(HMACMD5.HashData(data, message), HmacMd5.Compute(data, message, 0, length), $"HMAC-MD5 length {length}");
            CollectionAssert.AreEqual(HMACSHA256.HashData(data, message), HmacSha256.Compute(data, message, 0, length), $"HMAC-SHA-256 length {length}");
        }
    }

    // FIPS 180-4 example with one million 'a' (NIST "SHA2_Additional.pdf"); too slow to be worth running on the device.
    [TestMethod]
    public void Sha256_MillionA_MatchesNistDigest()
    {
        var chunk = new byte[4093];
        chunk.AsSpan().Fill((byte)'a');
        var sha = new Sha256();
        for (var left = 1_000_000; left > 0; left -= chunk.Length)
        {
            sha.Append(chunk, 0, Math.Min(left, chunk.Length));
        }

        var digest = new byte[Sha256.HashSize];
        sha.Finish(digest, 0);
        Assert.AreEqual("cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0", Convert.ToHexStringLower(digest));
    }

    // Past 512 MiB the length in bits no longer fits in 32 bits, and firmware verification must not wrap there.
    [TestMethod]
    public void Sha256_MessageLongerThan2To32Bits_MatchesDotNet()
    {
        var chunk = new byte[1 << 16];
        new Random(32).NextBytes(chunk);
        var sha = new Sha256();
        using var reference = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        for (var i = 0; i <= 1 << 13; i++)
        {
            sha.Append(chunk, 0, chunk.Length);
            reference.AppendData(chunk);
        }

        var digest = new byte[Sha256.HashSize];
        sha.Finish(digest, 0);
        CollectionAssert.AreEqual(reference.GetHashAndReset(), digest);
    }

    /// <summary>Feeds <paramref name="data"/> in random chunks, mostly small and sometimes spanning several blocks.</summary>
    private static byte[] Digest(Action<byte[], int, int> append, Action<byte[], int> finish, int size, byte[] data, Random random)
    {
        var maxChunk = random.Next(4) == 0 ? data.Length + 1 : random.Next(1, 130);
        for (var offset = 0; offset < data.Length;)
        {
            var count = Math.Min(random.Next(maxChunk + 1), data.Length - offset);
            append(data, offset, count);
            offset += count;
        }

        var digest = new byte[size];
        finish(digest, 0);
        return digest;
    }
}
