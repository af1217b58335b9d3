using System;
using System.Collections.Generic;
using System.Globalization;
using System.Threading;
using DeviceAgent.Identity;
using Microsoft.Data.Sqlite;
using ServerStub.Storage;

namespace ServerStub.PreProvisioning;

/// <summary>
/// The look-up table device ID → provisioning contact in the shared SQLite file. The contact is stored in the binary
/// form of <see cref="ProvisioningContact"/>, the same bytes the phone receives and keeps in flash.
/// <para>Only this store writes the table, and each write bumps <see cref="Generation"/> once it has committed, so
/// what is derived from a read (<see cref="InquiryCache"/>) can tell when it may be out of date.</para>
/// </summary>
public sealed class PreProvisioningStore
{
    private const string Schema = """
        CREATE TABLE IF NOT EXISTS preprov_devices (
            device_id         TEXT    NOT NULL PRIMARY KEY,
            contact           BLOB    NOT NULL,
            valid_for_seconds INTEGER NOT NULL,
            secret            BLOB    NULL,
            updated_at        TEXT    NOT NULL
        ) WITHOUT ROWID;
        """;

    private const string Columns = "device_id, contact, valid_for_seconds, secret, updated_at";

    private const string Upsert = """
        INSERT INTO preprov_devices (device_id, contact, valid_for_seconds, secret, updated_at)
        VALUES ($id, $contact, $validFor, $secret, $updatedAt)
        ON CONFLICT (device_id) DO UPDATE SET contact = excluded.contact, valid_for_seconds = excluded.valid_for_seconds,
            secret = excluded.secret, updated_at = excluded.updated_at;
        """;

    private readonly StubDatabase _database;
    private long _generation;

    public PreProvisioningStore(StubDatabase database)
    {
        _database = database;
        database.EnsureSchema(Schema);
    }

    /// <summary>Changes after every write (PUT, import, DELETE), once it has committed; reads before the change may be stale.</summary>
    public long Generation => Interlocked.Read(ref _generation);

    /// <summary>The device, or null when it is not registered.</summary>
    public PreProvisionedDevice Find(string deviceId)
    {
        using var connection = _database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {Columns} FROM preprov_devices WHERE device_id = $id;";
        command.Parameters.AddWithValue("$id", deviceId);
        using var reader = command.ExecuteReader();
        return reader.Read() ? Read(reader) : null;
    }

    /// <summary>Inserts or replaces the device; true when it was not registered before.</summary>
    public bool Put(PreProvisionedDevice device)
    {
        using var connection = _database.Open();
        using var transaction = connection.BeginTransaction();
        bool created;
        using (var exists = connection.CreateCommand())
        {
            exists.Transaction = transaction;
            exists.CommandText = "SELECT 1 FROM preprov_devices WHERE device_id = $id;";
            exists.Parameters.AddWithValue("$id", device.DeviceId);
            created = exists.ExecuteScalar() == null;
        }

        using (var upsert = UpsertCommand(connection, transaction))
        {
            Bind(upsert, device);
            upsert.ExecuteNonQuery();
        }

        transaction.Commit();
        Changed();
        return created;
    }

    /// <summary>Inserts or replaces all devices in one transaction; returns how many were new.</summary>
    public int PutAll(IReadOnlyList<PreProvisionedDevice> devices)
    {
        using var connection = _database.Open();
        using var transaction = connection.BeginTransaction();
        int before;
        using (var count = connection.CreateCommand())
        {
            count.Transaction = transaction;
            count.CommandText = "SELECT count(*) FROM preprov_devices;";
            before = Convert.ToInt32(count.ExecuteScalar(), CultureInfo.InvariantCulture);
        }

        using (var upsert = UpsertCommand(connection, transaction))
        {
            upsert.Prepare();
            foreach (var device in devices)
            {
                Bind(upsert, device);
                upsert.ExecuteNonQuery();
            }
        }

        int after;
        using (var count = connection.CreateCommand())
        {
            count.Transaction = transaction;
            count.CommandText = "SELECT count(*) FROM preprov_devices;";
            after = Convert.ToInt32(count.ExecuteScalar(), CultureInfo.InvariantCulture);
        }

        transaction.Commit();
        Changed();
        return after - before;
    }

    /// <summary>True when the device was registered and is now removed.</summary>
    public bool Delete(string deviceId)
    {
        using var connection = _database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM preprov_devices WHERE device_id = $id;";
        command.Parameters.AddWithValue("$id", deviceId);
        var deleted = command.ExecuteNonQuery() == 1;
        Changed();
        return deleted;
    }

    /// <summary>Up to <paramref name="limit"/> devices with IDs after <paramref name="after"/> (ordinal order), and the total count.</summary>
    public (List<PreProvisionedDevice> Items, long Total) List(string after, int limit)
    {
        using var connection = _database.Open();
        var items = new List<PreProvisionedDevice>();
        using (var command = connection.CreateCommand())
        {
            command.CommandText = $"SELECT {Columns} FROM preprov_devices WHERE device_id > $after ORDER BY device_id LIMIT $limit;";
            command.Parameters.AddWithValue("$after", after ?? "");
            command.Parameters.AddWithValue("$limit", limit);
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                items.Add(Read(reader));
            }
        }

        using var count = connection.CreateCommand();
        count.CommandText = "SELECT count(*) FROM preprov_devices;";
        return (items, (long)count.ExecuteScalar());
    }

    /// <summary>Called after a write has committed (a failed write changed nothing).</summary>
    private void Changed() => Interlocked.Increment(ref _generation);

    private static SqliteCommand UpsertCommand(SqliteConnection connection, SqliteTransaction transaction)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = Upsert;
        command.Parameters.Add("$id", SqliteType.Text);
        command.Parameters.Add("$contact", SqliteType.Blob);
        command.Parameters.Add("$validFor", SqliteType.Integer);
        command.Parameters.Add("$secret", SqliteType.Blob);
        command.Parameters.Add("$updatedAt", SqliteType.Text);
        return command;
    }

    private static void Bind(SqliteCommand command, PreProvisionedDevice device)
    {
        var contact = new byte[device.Contact.EncodedLength];
        device.Contact.Encode(contact, 0);
        command.Parameters["$id"].Value = device.DeviceId;
        command.Parameters["$contact"].Value = contact;
        command.Parameters["$validFor"].Value = (long)device.ValidForSeconds;
        command.Parameters["$secret"].Value = (object)device.Secret ?? DBNull.Value;
        command.Parameters["$updatedAt"].Value = device.UpdatedAt.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);
    }

    private static PreProvisionedDevice Read(SqliteDataReader reader)
    {
        var contact = (byte[])reader.GetValue(1);
        return new PreProvisionedDevice(
            reader.GetString(0),
            ProvisioningContact.Decode(contact, 0, contact.Length),
            (uint)reader.GetInt64(2),
            reader.IsDBNull(3) ? null : (byte[])reader.GetValue(3),
            DateTimeOffset.Parse(reader.GetString(4), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal));
    }
}
