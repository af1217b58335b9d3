using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text.Json;

namespace ServerStub.PreProvisioning;

/// <summary>One rejected row of an import: 1-based row (CSV: line number; JSON: array position), device ID if readable, reason.</summary>
public sealed record ImportError(int Row, string DeviceId, string Field, string Reason);

/// <summary>
/// Reads a bulk import, CSV or JSON, into validated devices. All rows are validated before anything is written, and
/// the import is all or nothing: one bad row (or a device ID given twice) rejects the whole file with every error
/// listed by row number, so a file can be fixed and sent again without working out which half went in.
/// </summary>
/// <remarks>
/// CSV: one device per line, <c>device_id,contact[,valid_for][,secret]</c>, an optional first line starting with
/// <c>device_id</c> as header, blank lines ignored; no quoting (no field can contain ',' or '"'). JSON: an array of
/// <c>{"deviceId": "...", "contact": "...", "validForSeconds": 86400, "secret": "hex"}</c>, the last two optional.
/// An empty valid_for means the server's default; an empty secret means none.
/// </remarks>
public static class DeviceImport
{
    public static (List<PreProvisionedDevice> Devices, List<ImportError> Errors) ReadCsv(string text, uint defaultValidFor, DateTimeOffset now)
    {
        var devices = new List<PreProvisionedDevice>();
        var errors = new List<ImportError>();
        var rows = new Dictionary<string, int>(StringComparer.Ordinal);
        using var reader = new StringReader(text);
        var lineNumber = 0;
        var first = true;
        string line;
        while ((line = reader.ReadLine()) != null)
        {
            lineNumber++;
            if (line.Trim().Length == 0)
            {
                continue;
            }

            if (first && line.TrimStart().StartsWith("device_id", StringComparison.OrdinalIgnoreCase))
            {
                first = false;
                continue;
            }

            first = false;
            var fields = line.Split(',');
            for (var i = 0; i < fields.Length; i++)
            {
                fields[i] = fields[i].Trim();
            }

            if (fields.Length < 2 || fields.Length > 4)
            {
                errors.Add(new ImportError(lineNumber, fields[0], "row", $"has {fields.Length} fields, expected 2-4: device_id,contact[,valid_for][,secret]"));
                continue;
            }

            long? validFor = null;
            if (fields.Length > 2 && fields[2].Length > 0)
            {
                if (!long.TryParse(fields[2], NumberStyles.None, CultureInfo.InvariantCulture, out var value))
                {
                    errors.Add(new ImportError(lineNumber, fields[0], "validForSeconds", $"validForSeconds: '{fields[2]}' is not a whole number of seconds"));
                    continue;
                }

                validFor = value;
            }

            Add(lineNumber, fields[0], fields[1], validFor, fields.Length > 3 ? fields[3] : null, defaultValidFor, now, devices, errors, rows);
        }

        return (devices, errors);
    }

    public static (List<PreProvisionedDevice> Devices, List<ImportError> Errors) ReadJson(string text, uint defaultValidFor, DateTimeOffset now)
    {
        var devices = new List<PreProvisionedDevice>();
        var errors = new List<ImportError>();
        var rows = new Dictionary<string, int>(StringComparer.Ordinal);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(text);
        }
        catch (JsonException e)
        {
            errors.Add(new ImportError(0, null, "body", "not valid JSON: " + e.Message));
            return (devices, errors);
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Array)
            {
                errors.Add(new ImportError(0, null, "body", "must be a JSON array of devices"));
                return (devices, errors);
            }

            var row = 0;
            foreach (var element in document.RootElement.EnumerateArray())
            {
                row++;
                if (element.ValueKind != JsonValueKind.Object)
                {
                    errors.Add(new ImportError(row, null, "row", "must be an object"));
                    continue;
                }

                if (!TryString(element, "deviceId", out var id, out var problem) || !TryString(element, "contact", out var contact, out problem)
                    || !TryString(element, "secret", out var secret, out problem) || !TryNumber(element, "validForSeconds", out var validFor, out problem))
                {
                    errors.Add(new ImportError(row, id, problem.Field, problem.Reason));
                    continue;
                }

                Add(row, id, contact, validFor, secret, defaultValidFor, now, devices, errors, rows);
            }
        }

        return (devices, errors);
    }

    private static void Add(int row, string id, string contact, long? validFor, string secret, uint defaultValidFor, DateTimeOffset now,
        List<PreProvisionedDevice> devices, List<ImportError> errors, Dictionary<string, int> rows)
    {
        try
        {
            var device = PreProvisionedDevice.Validate(id, contact, validFor, secret, defaultValidFor, now);
            if (rows.TryGetValue(device.DeviceId, out var earlier))
            {
                errors.Add(new ImportError(row, id, "deviceId", $"deviceId: {id} already appears in row {earlier}"));
                return;
            }

            rows[device.DeviceId] = row;
            devices.Add(device);
        }
        catch (DeviceValidationException e)
        {
            errors.Add(new ImportError(row, id, e.Field, e.Message));
        }
    }

    private static bool TryString(JsonElement element, string name, out string value, out (string Field, string Reason) problem)
    {
        value = null;
        problem = default;
        if (!element.TryGetProperty(name, out var property) || property.ValueKind == JsonValueKind.Null)
        {
            return true;
        }

        if (property.ValueKind != JsonValueKind.String)
        {
            problem = (name, name + ": must be a string");
            return false;
        }

        value = property.GetString();
        return true;
    }

    private static bool TryNumber(JsonElement element, string name, out long? value, out (string Field, string Reason) problem)
    {
        value = null;
        problem = default;
        if (!element.TryGetProperty(name, out var property) || property.ValueKind == JsonValueKind.Null)
        {
            return true;
        }

        if (property.ValueKind != JsonValueKind.Number || !property.TryGetInt64(out var number))
        {
            problem = (name, name + ": must be a whole number of seconds");
            return false;
        }

        value = number;
        return true;
    }
}
