using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Globalization;
using System.Threading;
using Microsoft.Data.Sqlite;
using ServerStub.Storage;

namespace ServerStub.Provisioning;

/// <summary>A customer (prov_users). Firmware and redirects set here apply to every phone of the customer that sets none.</summary>
public sealed record ProvUser(string Customer, string Name, string Firmware, string[] Redirects);

/// <summary>A phone (prov_phones), identified by serial; MAC and customer must match what the phone sends.</summary>
public sealed record ProvPhone(
    string Serial, string Mac, string Customer, string DeviceName, string Domain, string CallAgentHost, int CallAgentPort,
    string Firmware, int PollIntervalSeconds, string[] Redirects);

/// <summary>A stored firmware image (prov_firmware); the file lives in the data directory's firmware folder.</summary>
public sealed record FirmwareImage(string Name, string Version, string Sha256, long Size, DateTimeOffset Uploaded);

/// <summary>A phone's firmware update outcome (prov_firmware_reports).</summary>
public sealed record FirmwareReportRecord(long Id, string Serial, string Mac, string Version, string Outcome, string Detail, DateTimeOffset ReportedAt);

/// <summary>Everything the provisioning answer needs about one phone, read in one query.</summary>
public sealed record ProvisioningRecord(ProvPhone Phone, string[] CustomerRedirects, FirmwareImage Firmware);

/// <summary>
/// The provisioning role's tables in the shared SQLite file. Redirect lists are stored one URL per line (URLs are
/// printable ASCII, so a line break cannot occur in one). Foreign keys keep phones pointing at existing customers and
/// images; reports keep no key so history survives a phone's deletion.
/// <para>The phones' read path is served from memory: <see cref="FindForProvisioning"/> caches each record until any
/// write through this store empties the cache. Only this role writes these tables, so the cache cannot go stale
/// while one process owns the data directory.</para>
/// </summary>
public sealed class ProvisioningStore
{
    private const string Schema = """
        CREATE TABLE IF NOT EXISTS prov_firmware (
            name TEXT PRIMARY KEY,
            version TEXT NOT NULL,
            sha256 TEXT NOT NULL,
            size INTEGER NOT NULL,
            uploaded TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS prov_users (
            customer TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            firmware TEXT REFERENCES prov_firmware(name),
            redirects TEXT);
        CREATE TABLE IF NOT EXISTS prov_phones (
            serial TEXT PRIMARY KEY,
            mac TEXT NOT NULL UNIQUE,
            customer TEXT NOT NULL REFERENCES prov_users(customer),
            device_name TEXT NOT NULL,
            domain TEXT NOT NULL,
            call_agent_host TEXT NOT NULL,
            call_agent_port INTEGER NOT NULL,
            firmware TEXT REFERENCES prov_firmware(name),
            poll_interval INTEGER NOT NULL,
            redirects TEXT);
        CREATE INDEX IF NOT EXISTS prov_phones_customer ON prov_phones(customer);
        CREATE TABLE IF NOT EXISTS prov_firmware_reports (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            serial TEXT NOT NULL,
            mac TEXT NOT NULL,
            version TEXT NOT NULL,
            outcome TEXT NOT NULL,
            detail TEXT NOT NULL,
            reported_at TEXT NOT NULL);
        """;

    private readonly StubDatabase _database;
    private readonly ConcurrentDictionary<string, ProvisioningRecord> _records = new(StringComparer.Ordinal);
    private long _generation;

    public ProvisioningStore(StubDatabase database)
    {
        _database = database;
        database.EnsureSchema(Schema);
    }

    /// <summary>True when SQLite refused a change because of a foreign key or unique constraint.</summary>
    public static bool IsConstraint(SqliteException e) => e.SqliteErrorCode == 19;

    /// <summary>
    /// The phone with its customer's redirects and effective firmware, or null. The same instance is returned until
    /// something changes, so callers may cache what they derive from it by reference.
    /// </summary>
    public ProvisioningRecord FindForProvisioning(string serial)
    {
        if (_records.TryGetValue(serial, out var cached))
        {
            return cached;
        }

        // A write that commits while this load runs bumps the generation, so a stale record is never kept.
        long generation = Interlocked.Read(ref _generation);
        var record = Load(serial);
        if (record != null && Interlocked.Read(ref _generation) == generation)
        {
            _records.TryAdd(serial, record);
        }

        return record;
    }

    /// <summary>Called after every committed write: later look-ups reload.</summary>
    private void Invalidate()
    {
        Interlocked.Increment(ref _generation);
        _records.Clear();
    }

    private ProvisioningRecord Load(string serial)
    {
        using var connection = _database.Open();
        using var command = Command(connection, """
            SELECT p.serial, p.mac, p.customer, p.device_name, p.domain, p.call_agent_host, p.call_agent_port, p.firmware,
                   p.poll_interval, p.redirects, u.redirects, f.name, f.version, f.sha256, f.size, f.uploaded
            FROM prov_phones p JOIN prov_users u ON u.customer = p.customer
            LEFT JOIN prov_firmware f ON f.name = COALESCE(p.firmware, u.firmware)
            WHERE p.serial = $serial
            """, ("$serial", serial));
        using var reader = command.ExecuteReader();
        if (!reader.Read())
        {
            return null;
        }

        var firmware = reader.IsDBNull(11) ? null : ReadImage(reader, 11);
        return new ProvisioningRecord(ReadPhone(reader), Lines(reader, 10), firmware);
    }

    public void PutUser(ProvUser user)
    {
        using var connection = _database.Open();
        using var command = Command(connection, """
            INSERT INTO prov_users (customer, name, firmware, redirects) VALUES ($customer, $name, $firmware, $redirects)
            ON CONFLICT (customer) DO UPDATE SET name = excluded.name, firmware = excluded.firmware, redirects = excluded.redirects
            """, ("$customer", user.Customer), ("$name", user.Name), ("$firmware", user.Firmware), ("$redirects", Join(user.Redirects)));
        command.ExecuteNonQuery();
        Invalidate();
    }

    public ProvUser GetUser(string customer) => Users("WHERE customer = $customer", ("$customer", customer)) is [var user] ? user : null;

    public List<ProvUser> ListUsers() => Users("");

    /// <summary>Deletes a customer; throws a constraint <see cref="SqliteException"/> while phones still belong to it.</summary>
    public bool DeleteUser(string customer) => Execute("DELETE FROM prov_users WHERE customer = $customer", ("$customer", customer)) > 0;

    public void PutPhone(ProvPhone phone)
    {
        using var connection = _database.Open();
        using var command = Command(connection, """
            INSERT INTO prov_phones (serial, mac, customer, device_name, domain, call_agent_host, call_agent_port, firmware, poll_interval, redirects)
            VALUES ($serial, $mac, $customer, $device_name, $domain, $host, $port, $firmware, $poll, $redirects)
            ON CONFLICT (serial) DO UPDATE SET mac = excluded.mac, customer = excluded.customer, device_name = excluded.device_name,
                domain = excluded.domain, call_agent_host = excluded.call_agent_host, call_agent_port = excluded.call_agent_port,
                firmware = excluded.firmware, poll_interval = excluded.poll_interval, redirects = excluded.redirects
            """,
            ("$serial", phone.Serial), ("$mac", phone.Mac), ("$customer", phone.Customer), ("$device_name", phone.DeviceName),
            ("$domain", phone.Domain), ("$host", phone.CallAgentHost), ("$port", phone.CallAgentPort), ("$firmware", phone.Firmware),
            ("$poll", phone.PollIntervalSeconds), ("$redirects", Join(phone.Redirects)));
        command.ExecuteNonQuery();
        Invalidate();
    }

    public ProvPhone GetPhone(string serial) => Phones("WHERE serial = $serial", ("$serial", serial)) is [var phone] ? phone : null;

    /// <summary>Serial of the phone owning <paramref name="mac"/>, or null.</summary>
    public string SerialOfMac(string mac) =>
        Scalar("SELECT serial FROM prov_phones WHERE mac = $mac", ("$mac", mac)) as string;

    public List<ProvPhone> ListPhones(string customer) =>
        customer == null ? Phones("") : Phones("WHERE customer = $customer", ("$customer", customer));

    public bool DeletePhone(string serial) => Execute("DELETE FROM prov_phones WHERE serial = $serial", ("$serial", serial)) > 0;

    public void PutFirmware(FirmwareImage image)
    {
        Execute("""
            INSERT INTO prov_firmware (name, version, sha256, size, uploaded) VALUES ($name, $version, $sha256, $size, $uploaded)
            ON CONFLICT (name) DO UPDATE SET version = excluded.version, sha256 = excluded.sha256, size = excluded.size, uploaded = excluded.uploaded
            """,
            ("$name", image.Name), ("$version", image.Version), ("$sha256", image.Sha256), ("$size", image.Size),
            ("$uploaded", image.Uploaded.ToString("O", CultureInfo.InvariantCulture)));
    }

    public FirmwareImage GetFirmware(string name)
    {
        using var connection = _database.Open();
        using var command = Command(connection, "SELECT name, version, sha256, size, uploaded FROM prov_firmware WHERE name = $name", ("$name", name));
        using var reader = command.ExecuteReader();
        return reader.Read() ? ReadImage(reader, 0) : null;
    }

    public List<FirmwareImage> ListFirmware()
    {
        using var connection = _database.Open();
        using var command = Command(connection, "SELECT name, version, sha256, size, uploaded FROM prov_firmware ORDER BY name");
        using var reader = command.ExecuteReader();
        var images = new List<FirmwareImage>();
        while (reader.Read())
        {
            images.Add(ReadImage(reader, 0));
        }

        return images;
    }

    /// <summary>
    /// Assigns an image to phones and customers in one transaction. Returns null on success, else the first serial or
    /// customer that does not exist (then nothing is changed).
    /// </summary>
    public string Assign(string firmware, IReadOnlyList<string> serials, IReadOnlyList<string> customers)
    {
        using var connection = _database.Open();
        using var transaction = connection.BeginTransaction();
        foreach (var (table, key, values) in new[] { ("prov_phones", "serial", serials), ("prov_users", "customer", customers) })
        {
            foreach (var value in values)
            {
                using var command = Command(connection, $"UPDATE {table} SET firmware = $firmware WHERE {key} = $key", ("$firmware", firmware), ("$key", value));
                command.Transaction = transaction;
                if (command.ExecuteNonQuery() == 0)
                {
                    return $"{key} '{value}' unknown";
                }
            }
        }

        transaction.Commit();
        Invalidate();
        return null;
    }

    public void AddReport(FirmwareReportRecord report)
    {
        Execute("""
            INSERT INTO prov_firmware_reports (serial, mac, version, outcome, detail, reported_at)
            VALUES ($serial, $mac, $version, $outcome, $detail, $at)
            """,
            ("$serial", report.Serial), ("$mac", report.Mac), ("$version", report.Version), ("$outcome", report.Outcome),
            ("$detail", report.Detail), ("$at", report.ReportedAt.ToString("O", CultureInfo.InvariantCulture)));
    }

    /// <summary>Reports, newest first, optionally of one phone.</summary>
    public List<FirmwareReportRecord> ListReports(string serial, int limit)
    {
        using var connection = _database.Open();
        using var command = Command(connection, $"""
            SELECT id, serial, mac, version, outcome, detail, reported_at FROM prov_firmware_reports
            {(serial == null ? "" : "WHERE serial = $serial")} ORDER BY id DESC LIMIT $limit
            """, ("$serial", serial), ("$limit", limit));
        using var reader = command.ExecuteReader();
        var reports = new List<FirmwareReportRecord>();
        while (reader.Read())
        {
            reports.Add(new FirmwareReportRecord(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetString(3),
                reader.GetString(4), reader.GetString(5), DateTimeOffset.Parse(reader.GetString(6), CultureInfo.InvariantCulture)));
        }

        return reports;
    }

    private List<ProvUser> Users(string where, params (string, object)[] parameters)
    {
        using var connection = _database.Open();
        using var command = Command(connection, $"SELECT customer, name, firmware, redirects FROM prov_users {where} ORDER BY customer", parameters);
        using var reader = command.ExecuteReader();
        var users = new List<ProvUser>();
        while (reader.Read())
        {
            users.Add(new ProvUser(reader.GetString(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2), Lines(reader, 3)));
        }

        return users;
    }

    private List<ProvPhone> Phones(string where, params (string, object)[] parameters)
    {
        using var connection = _database.Open();
        using var command = Command(connection, $"""
            SELECT serial, mac, customer, device_name, domain, call_agent_host, call_agent_port, firmware, poll_interval, redirects
            FROM prov_phones {where} ORDER BY serial
            """, parameters);
        using var reader = command.ExecuteReader();
        var phones = new List<ProvPhone>();
        while (reader.Read())
        {
            phones.Add(ReadPhone(reader));
        }

        return phones;
    }

    private static ProvPhone ReadPhone(SqliteDataReader reader) => new(
        reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4), reader.GetString(5),
        reader.GetInt32(6), reader.IsDBNull(7) ? null : reader.GetString(7), reader.GetInt32(8), Lines(reader, 9));

    private static FirmwareImage ReadImage(SqliteDataReader reader, int at) => new(
        reader.GetString(at), reader.GetString(at + 1), reader.GetString(at + 2), reader.GetInt64(at + 3),
        DateTimeOffset.Parse(reader.GetString(at + 4), CultureInfo.InvariantCulture));

    private static string[] Lines(SqliteDataReader reader, int at) =>
        reader.IsDBNull(at) ? [] : reader.GetString(at).Split('\n');

    private static string Join(string[] lines) => lines == null || lines.Length == 0 ? null : string.Join('\n', lines);

    /// <summary>Runs a write and empties the record cache (a report write clears it needlessly, which is harmless).</summary>
    private int Execute(string sql, params (string, object)[] parameters)
    {
        using var connection = _database.Open();
        using var command = Command(connection, sql, parameters);
        try
        {
            return command.ExecuteNonQuery();
        }
        finally
        {
            Invalidate();
        }
    }

    private object Scalar(string sql, params (string, object)[] parameters)
    {
        using var connection = _database.Open();
        using var command = Command(connection, sql, parameters);
        return command.ExecuteScalar();
    }

    private static SqliteCommand Command(SqliteConnection connection, string sql, params (string Name, object Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        return command;
    }
}
