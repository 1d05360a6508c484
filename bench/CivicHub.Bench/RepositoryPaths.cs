namespace CivicHub.Bench;

/// <summary>Finds the repository the benchmark runs in, and the built server inside it.</summary>
internal static class RepositoryPaths
{
    public static string Root()
    {
        for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "CivicHub.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Run the benchmark from inside the CivicHub repository (no CivicHub.slnx found above the current directory).");
    }

    public static string ServerDll(BenchArgs args)
    {
        var dll = Path.GetFullPath(args.String("server-dll", Path.Combine(Root(), "src/CivicHub.Server/bin/Release/net10.0/CivicHub.Server.dll")));
        return File.Exists(dll)
            ? dll
            : throw new FileNotFoundException($"No server at {dll}: run `dotnet build -c Release src/CivicHub.Server` first, or pass --server-dll.");
    }

    public static string OutputFolder(BenchArgs args, string benchmark) =>
        Path.GetFullPath(args.String("out", Path.Combine(Path.GetTempPath(), "civichub-bench", $"{benchmark}-{DateTime.UtcNow:yyyyMMdd-HHmmss}")));
}
