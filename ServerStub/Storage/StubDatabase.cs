using System;
using System.IO;
using Microsoft.Data.Sqlite;

namespace ServerStub.Storage;

/// <summary>
/// The one SQLite file every server role keeps its tables in (look-up table, users, DHCP leases, firmware outcomes).
/// WAL mode so that management writes never block the phones' reads; each role creates its own tables through
/// <see cref="EnsureSchema"/> when it starts, so a fresh data directory needs no setup step.
/// </summary>
public sealed class StubDatabase
{
    /// <summary>File name inside the data directory.</summary>
    public const string FileName = "serverstub.db";

    private readonly string _connectionString;

    public StubDatabase(string dataDirectory)
    {
        Directory.CreateDirectory(dataDirectory);
        Path = System.IO.Path.Combine(dataDirectory, FileName);
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = Path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = true,
        }.ToString();

        using var connection = Open();
        using var wal = connection.CreateCommand();
        wal.CommandText = "PRAGMA journal_mode=WAL;";
        var mode = (string)wal.ExecuteScalar();
        if (!string.Equals(mode, "wal", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException($"SQLite file {Path} refused WAL mode (got '{mode}')");
        }
    }

    /// <summary>Full path of the database file.</summary>
    public string Path { get; }

    /// <summary>Opens a pooled connection with foreign keys on and a busy timeout, so concurrent writers wait instead of failing.</summary>
    public SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        using var pragmas = connection.CreateCommand();
        pragmas.CommandText = "PRAGMA foreign_keys=ON; PRAGMA busy_timeout=5000; PRAGMA synchronous=NORMAL;";
        pragmas.ExecuteNonQuery();
        return connection;
    }

    /// <summary>Runs a role's idempotent DDL (CREATE TABLE IF NOT EXISTS ...).</summary>
    public void EnsureSchema(string ddl)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = ddl;
        command.ExecuteNonQuery();
    }
}
