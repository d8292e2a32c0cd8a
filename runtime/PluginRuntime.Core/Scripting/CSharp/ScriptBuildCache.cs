using System.Buffers.Binary;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging;

namespace PluginRuntime.Core.Scripting.CSharp;

/// <summary>
/// Compiled scripts on disk, one file per cache key: a header (magic, lengths, SHA-256 of the payload), the assembly,
/// then its PDB. An entry is written to a temporary file and renamed into place, so a reader sees a whole entry or
/// none; an entry that fails its checksum (a disk fault, a foreign file) is deleted and the script compiled again.
/// Failing to write is logged and otherwise ignored: the cache only saves time.
/// </summary>
internal sealed partial class ScriptBuildCache(string folder, ILogger log)
{
    private static readonly byte[] Magic = "PRCSX\u0001"u8.ToArray();
    private const int HeaderLength = 6 + 4 + 4 + 32;
    private const string Extension = ".build";

    // Entries not used for this long are removed when a new one is written, so the folder doesn't grow forever.
    private static readonly TimeSpan Unused = TimeSpan.FromDays(30);

    public string Folder { get; } = folder;

    public CompiledScript? TryRead(string key)
    {
        string path = EntryPath(key);
        byte[] entry;
        try
        {
            entry = File.ReadAllBytes(path);
        }
        catch (FileNotFoundException)
        {
            return null;
        }
        catch (DirectoryNotFoundException)
        {
            return null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            LogUnreadable(path, ex.Message);
            return null;
        }
        if (Parse(entry) is not { } build)
        {
            LogCorrupt(path);
            Forget(key);
            return null;
        }
        TryTouch(path);
        return build;
    }

    public void Write(string key, CompiledScript build)
    {
        string path = EntryPath(key);
        string temporary = $"{path}.{Guid.NewGuid():N}.tmp";
        try
        {
            Directory.CreateDirectory(Folder);
            using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                file.Write(Header(build));
                file.Write(build.Image);
                file.Write(build.Pdb);
                file.Flush(flushToDisk: true);
            }
            File.Move(temporary, path, overwrite: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            LogUnwritable(path, ex.Message);
            TryDelete(temporary);
            return;
        }
        RemoveUnused();
    }

    /// <summary>Drops an entry whose bytes turned out unusable (it would not load).</summary>
    public void Forget(string key) => TryDelete(EntryPath(key));

    private string EntryPath(string key) => Path.Combine(Folder, key + Extension);

    private static byte[] Header(CompiledScript build)
    {
        var header = new byte[HeaderLength];
        Magic.CopyTo(header, 0);
        BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(6), build.Image.Length);
        BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(10), build.Pdb.Length);
        Checksum(build.Image, build.Pdb).CopyTo(header, 14);
        return header;
    }

    private static CompiledScript? Parse(byte[] entry)
    {
        if (entry.Length < HeaderLength || !entry.AsSpan(0, 6).SequenceEqual(Magic))
        {
            return null;
        }
        int imageLength = BinaryPrimitives.ReadInt32LittleEndian(entry.AsSpan(6));
        int pdbLength = BinaryPrimitives.ReadInt32LittleEndian(entry.AsSpan(10));
        if (imageLength <= 0 || pdbLength < 0 || (long)HeaderLength + imageLength + pdbLength != entry.Length)
        {
            return null;
        }
        byte[] image = entry.AsSpan(HeaderLength, imageLength).ToArray();
        byte[] pdb = entry.AsSpan(HeaderLength + imageLength, pdbLength).ToArray();
        return Checksum(image, pdb).AsSpan().SequenceEqual(entry.AsSpan(14, 32)) ? new CompiledScript(image, pdb) : null;
    }

    private static byte[] Checksum(byte[] image, byte[] pdb)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(image);
        hash.AppendData(pdb);
        return hash.GetHashAndReset();
    }

    private void RemoveUnused()
    {
        try
        {
            var now = DateTime.UtcNow;
            foreach (var file in new DirectoryInfo(Folder).EnumerateFiles())
            {
                // Temporary files older than an hour are left over from a crash mid-write.
                bool stale = (file.Name.EndsWith(Extension, StringComparison.Ordinal) && now - file.LastWriteTimeUtc > Unused)
                    || (file.Name.EndsWith(".tmp", StringComparison.Ordinal) && now - file.LastWriteTimeUtc > TimeSpan.FromHours(1));
                if (stale)
                {
                    TryDelete(file.FullName);
                }
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // tidying is best effort
        }
    }

    // A hit marks the entry as used, so RemoveUnused keeps it.
    private static void TryTouch(string path)
    {
        try
        {
            File.SetLastWriteTimeUtc(path, DateTime.UtcNow);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Script build cache entry {Path} is corrupt; it is deleted and the script compiled again")]
    private partial void LogCorrupt(string path);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Script build cache entry {Path} could not be read ({Reason}); compiling instead")]
    private partial void LogUnreadable(string path, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Script build cache entry {Path} could not be written ({Reason}); the next start compiles again")]
    private partial void LogUnwritable(string path, string reason);
}
