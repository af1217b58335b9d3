using System;
using System.Collections.Generic;

namespace Boards.Desktop;

/// <summary>A bad command line; the message says what to change.</summary>
public sealed class UsageException : Exception
{
    public UsageException(string message) : base(message)
    {
    }
}

/// <summary><c>--name value</c> and <c>--flag</c> options after the command word.</summary>
public sealed class Options
{
    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);

    public static Options Parse(string[] args, int start)
    {
        var options = new Options();
        for (var i = start; i < args.Length; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || args[i].Length == 2)
            {
                throw new UsageException("unexpected argument '" + args[i] + "'");
            }

            var name = args[i].Substring(2);
            var hasValue = i + 1 < args.Length && !args[i + 1].StartsWith("--", StringComparison.Ordinal);
            options._values[name] = hasValue ? args[++i] : "";
        }

        return options;
    }

    public string Get(string name) => _values.TryGetValue(name, out var v) ? v : null;

    public bool Has(string name) => _values.ContainsKey(name);

    public string Require(string name)
    {
        var v = Get(name);
        if (string.IsNullOrEmpty(v))
        {
            throw new UsageException("--" + name + " is required");
        }

        return v;
    }
}
