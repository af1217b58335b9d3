using System;
using System.IO;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using ServerStub.Storage;

namespace ServerStub.Tests.Storage;

[TestClass]
public sealed class StubDatabaseTests
{
    [TestMethod]
    public void Constructor_FreshDirectory_CreatesWalDatabaseFile()
    {
        var dir = Path.Combine(Path.GetTempPath(), "stubdb-" + Guid.NewGuid().ToString("N"));
        try
        {
            var db = new StubDatabase(dir);
            db.EnsureSchema("CREATE TABLE IF NOT EXISTS t (k TEXT PRIMARY KEY, v BLOB NOT NULL);");
            db.EnsureSchema("CREATE TABLE IF NOT EXISTS t (k TEXT PRIMARY KEY, v BLOB NOT NULL);");

            using var connection = db.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA journal_mode;";
            Assert.AreEqual("wal", (string)command.ExecuteScalar());
            Assert.IsTrue(File.Exists(Path.Combine(dir, StubDatabase.FileName)));
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(dir, true);
        }
    }
}
