using System;
using System.Collections.Generic;
using System.Linq;
using DeviceAgent.Dhcp;
using Microsoft.Data.Sqlite;
using ServerStub.Storage;

namespace ServerStub.Dhcp;

/// <summary>
/// The DHCP server's tables in the shared SQLite file: dhcp_pools, dhcp_phones, dhcp_leases and dhcp_counters (the
/// persisted RFC 3118 replay counter). Addresses are stored as dotted text and times as Unix seconds, so the file can
/// be read with the sqlite3 shell; list columns hold comma-separated values.
/// </summary>
public sealed class DhcpStore
{
    private const string Schema = """
        CREATE TABLE IF NOT EXISTS dhcp_pools (
            subnet TEXT PRIMARY KEY,            -- CIDR, e.g. 10.77.10.0/24
            range_start TEXT NOT NULL,
            range_end TEXT NOT NULL,
            routers TEXT,
            dns_servers TEXT,
            lease_seconds INTEGER NOT NULL,
            renewal_seconds INTEGER NOT NULL,   -- 0: lease/2
            rebinding_seconds INTEGER NOT NULL  -- 0: lease*7/8
        );
        CREATE TABLE IF NOT EXISTS dhcp_phones (
            mac TEXT PRIMARY KEY,               -- aa:bb:cc:dd:ee:ff
            client_id TEXT UNIQUE,              -- option 61 hex; NULL: 01 + MAC
            fixed_address TEXT,
            phone_number TEXT,
            additional_number TEXT,
            sip_domain TEXT,
            sip_servers TEXT,
            management_server TEXT,
            gatekeeper TEXT,
            config_server TEXT,
            boot_file TEXT,
            ntp_servers TEXT
        );
        CREATE TABLE IF NOT EXISTS dhcp_leases (
            address TEXT PRIMARY KEY,
            client_key TEXT,                    -- option 61 hex, or 01 + chaddr; NULL once declined
            mac TEXT NOT NULL,
            state TEXT NOT NULL,                -- Offered, Bound, Released, Declined
            expires INTEGER NOT NULL,           -- Unix seconds
            reconfigure_key BLOB,               -- RFC 6704 key sent in option 90 of the ACK
            reply_endpoint TEXT                 -- sender ip:port when served on the loopback listener
        );
        CREATE INDEX IF NOT EXISTS dhcp_leases_client ON dhcp_leases (client_key);
        CREATE INDEX IF NOT EXISTS dhcp_leases_mac ON dhcp_leases (mac);
        CREATE TABLE IF NOT EXISTS dhcp_counters (
            name TEXT PRIMARY KEY,
            value INTEGER NOT NULL
        );
        """;

    private readonly StubDatabase _database;

    public DhcpStore(StubDatabase database)
    {
        _database = database;
        database.EnsureSchema(Schema);
    }

    public IReadOnlyList<DhcpPool> ListPools()
    {
        using var connection = _database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT subnet, range_start, range_end, routers, dns_servers, lease_seconds, renewal_seconds, rebinding_seconds FROM dhcp_pools ORDER BY subnet";
        using var reader = command.ExecuteReader();
        var pools = new List<DhcpPool>();
        while (reader.Read())
        {
            var pool = new DhcpPool
            {
                Subnet = reader.GetString(0),
                RangeStart = reader.GetString(1),
                RangeEnd = reader.GetString(2),
                Routers = List(reader, 3),
                DnsServers = List(reader, 4),
                LeaseSeconds = (uint)reader.GetInt64(5),
                RenewalSeconds = (uint)reader.GetInt64(6),
                RebindingSeconds = (uint)reader.GetInt64(7),
            }.Validate(out _);
            if (pool != null)
            {
                pools.Add(pool);
            }
        }

        return pools;
    }

    /// <summary>Inserts or replaces a validated pool (key: subnet).</summary>
    public void PutPool(DhcpPool pool)
    {
        Execute(
            "INSERT OR REPLACE INTO dhcp_pools VALUES ($subnet, $start, $end, $routers, $dns, $lease, $t1, $t2)",
            ("$subnet", pool.Subnet), ("$start", pool.RangeStart), ("$end", pool.RangeEnd), ("$routers", Join(pool.Routers)),
            ("$dns", Join(pool.DnsServers)), ("$lease", pool.LeaseSeconds), ("$t1", pool.RenewalSeconds), ("$t2", pool.RebindingSeconds));
    }

    public bool DeletePool(string subnet) => Execute("DELETE FROM dhcp_pools WHERE subnet = $subnet", ("$subnet", subnet)) > 0;

    public IReadOnlyList<DhcpPhone> ListPhones() => QueryPhones("1 = 1");

    public DhcpPhone GetPhone(string mac) => QueryPhones("mac = $key", ("$key", mac)).FirstOrDefault();

    /// <summary>The phone with this option 61 value, else the one with this MAC whose client id is unset or equal.</summary>
    public DhcpPhone FindPhone(string clientKey, string mac) =>
        QueryPhones("client_id = $key", ("$key", clientKey)).FirstOrDefault()
        ?? QueryPhones("mac = $mac AND (client_id IS NULL OR client_id = $key)", ("$mac", mac), ("$key", clientKey)).FirstOrDefault();

    /// <summary>Inserts or replaces a validated phone (key: MAC).</summary>
    /// <exception cref="SqliteException">Another phone has the same client id.</exception>
    public void PutPhone(DhcpPhone phone)
    {
        Execute(
            "INSERT OR REPLACE INTO dhcp_phones VALUES ($mac, $cid, $fixed, $number, $additional, $domain, $sip, $mgmt, $gk, $config, $boot, $ntp)",
            ("$mac", phone.Mac), ("$cid", phone.ClientId), ("$fixed", phone.FixedAddress), ("$number", phone.PhoneNumber),
            ("$additional", phone.AdditionalNumber), ("$domain", phone.SipDomain), ("$sip", Join(phone.SipServers)),
            ("$mgmt", phone.ManagementServer), ("$gk", phone.Gatekeeper), ("$config", phone.ConfigServer), ("$boot", phone.BootFile),
            ("$ntp", Join(phone.NtpServers)));
    }

    public bool DeletePhone(string mac) => Execute("DELETE FROM dhcp_phones WHERE mac = $mac", ("$mac", mac)) > 0;

    public DhcpLease GetLease(uint address) => QueryLeases("address = $a", ("$a", DhcpAddress.Format(address))).FirstOrDefault();

    public IReadOnlyList<DhcpLease> LeasesOfClient(string clientKey) => QueryLeases("client_key = $k", ("$k", clientKey));

    public IReadOnlyList<DhcpLease> ListLeases() => QueryLeases("1 = 1");

    /// <summary>The phone's bound lease that expires last, or null.</summary>
    public DhcpLease FindBoundLease(string mac) =>
        QueryLeases("mac = $mac AND state = 'Bound'", ("$mac", mac)).OrderByDescending(l => l.Expires).FirstOrDefault();

    public void SaveLease(DhcpLease lease)
    {
        Execute(
            "INSERT OR REPLACE INTO dhcp_leases VALUES ($a, $k, $mac, $state, $expires, $key, $endpoint)",
            ("$a", DhcpAddress.Format(lease.Address)), ("$k", lease.ClientKey), ("$mac", lease.Mac), ("$state", lease.State.ToString()),
            ("$expires", lease.Expires.ToUnixTimeSeconds()), ("$key", lease.ReconfigureKey), ("$endpoint", lease.ReplyEndpoint));
    }

    /// <summary>Returns the next value of a persisted counter, strictly greater than every value returned before.</summary>
    public long NextCounter(string name)
    {
        using var connection = _database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "INSERT INTO dhcp_counters VALUES ($n, 1) ON CONFLICT (name) DO UPDATE SET value = value + 1 RETURNING value";
        command.Parameters.AddWithValue("$n", name);
        return (long)command.ExecuteScalar();
    }

    /// <summary>The value <see cref="NextCounter"/> returned last, or 0.</summary>
    public long LastCounter(string name)
    {
        using var connection = _database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT value FROM dhcp_counters WHERE name = $n";
        command.Parameters.AddWithValue("$n", name);
        return command.ExecuteScalar() is long value ? value : 0;
    }

    private IReadOnlyList<DhcpPhone> QueryPhones(string where, params (string Name, object Value)[] parameters)
    {
        using var connection = _database.Open();
        using var command = Command(connection, "SELECT * FROM dhcp_phones WHERE " + where + " ORDER BY mac", parameters);
        using var reader = command.ExecuteReader();
        var phones = new List<DhcpPhone>();
        while (reader.Read())
        {
            phones.Add(new DhcpPhone
            {
                Mac = reader.GetString(0),
                ClientId = Text(reader, 1),
                FixedAddress = Text(reader, 2),
                PhoneNumber = Text(reader, 3),
                AdditionalNumber = Text(reader, 4),
                SipDomain = Text(reader, 5),
                SipServers = List(reader, 6),
                ManagementServer = Text(reader, 7),
                Gatekeeper = Text(reader, 8),
                ConfigServer = Text(reader, 9),
                BootFile = Text(reader, 10),
                NtpServers = List(reader, 11),
            });
        }

        return phones;
    }

    private IReadOnlyList<DhcpLease> QueryLeases(string where, params (string Name, object Value)[] parameters)
    {
        using var connection = _database.Open();
        using var command = Command(connection, "SELECT * FROM dhcp_leases WHERE " + where, parameters);
        using var reader = command.ExecuteReader();
        var leases = new List<DhcpLease>();
        while (reader.Read())
        {
            DhcpAddress.TryParse(reader.GetString(0), out var address);
            leases.Add(new DhcpLease(
                address,
                Text(reader, 1),
                reader.GetString(2),
                Enum.Parse<DhcpLeaseState>(reader.GetString(3)),
                DateTimeOffset.FromUnixTimeSeconds(reader.GetInt64(4)),
                reader.IsDBNull(5) ? null : (byte[])reader.GetValue(5),
                Text(reader, 6)));
        }

        return leases;
    }

    private int Execute(string sql, params (string Name, object Value)[] parameters)
    {
        using var connection = _database.Open();
        using var command = Command(connection, sql, parameters);
        return command.ExecuteNonQuery();
    }

    private static SqliteCommand Command(SqliteConnection connection, string sql, (string Name, object Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        return command;
    }

    private static string Text(SqliteDataReader reader, int column) => reader.IsDBNull(column) ? null : reader.GetString(column);

    private static string[] List(SqliteDataReader reader, int column) =>
        reader.IsDBNull(column) ? null : reader.GetString(column).Split(',', StringSplitOptions.RemoveEmptyEntries);

    private static string Join(string[] values) => values is { Length: > 0 } ? string.Join(',', values) : null;
}
