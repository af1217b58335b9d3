using System;
using System.Net.Http;

namespace Boards.Desktop;

/// <summary>The desktop phone: <c>phone COMMAND [options]</c>.</summary>
public static class Program
{
    public static int Main(string[] args)
    {
        if (args.Length == 0)
        {
            return Usage();
        }

        try
        {
            switch (args[0])
            {
                case "health":
                    return Health(Options.Parse(args, 1));
                default:
                    return Usage();
            }
        }
        catch (UsageException e)
        {
            Console.Error.WriteLine("error: " + e.Message);
            return 2;
        }
    }

    private static int Health(Options options)
    {
        var server = options.Require("server");
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        try
        {
            var body = http.GetStringAsync(new Uri(new Uri(server), "/health")).GetAwaiter().GetResult();
            Console.WriteLine("server " + server + " healthy: " + body);
            return 0;
        }
        catch (Exception e) when (e is HttpRequestException || e is TimeoutException || e is System.Threading.Tasks.TaskCanceledException)
        {
            Console.Error.WriteLine("error: server " + server + " unreachable: " + e.Message);
            return 1;
        }
    }

    private static int Usage()
    {
        Console.Error.WriteLine("usage: phone health --server URL");
        return 2;
    }
}
