using System;
using System.IO;
using System.Text;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

// Sets VER_FLG_WEAK on one Vernaux entry of every libLibTorchSharp.so under Directory.
// ELF64 little-endian layout: see the System V gABI, "Symbol Versioning".
public class MarkGlibcxxVersionWeak : Task
{
    const uint ShtGnuVerneed = 0x6ffffffe;
    const ushort VerFlgWeak = 0x2;

    [Required] public string Directory { get; set; } = "";
    [Required] public string VersionName { get; set; } = "";

    public override bool Execute()
    {
        if (!System.IO.Directory.Exists(Directory)) return true;
        foreach (var path in System.IO.Directory.GetFiles(Directory, "libLibTorchSharp.so", SearchOption.AllDirectories))
        {
            try
            {
                var outcome = Patch(path, VersionName);
                Log.LogMessage(MessageImportance.Low, $"{path}: {outcome}");
            }
            catch (Exception e)
            {
                Log.LogWarning($"Could not mark {VersionName} weak in {path}: {e.Message}");
            }
        }
        return true;
    }

    static string Patch(string path, string versionName)
    {
        var bytes = File.ReadAllBytes(path);
        if (bytes.Length < 64 || bytes[0] != 0x7f || bytes[1] != (byte)'E' || bytes[4] != 2 || bytes[5] != 1)
            return "not a little-endian ELF64 file";

        long shoff = BitConverter.ToInt64(bytes, 0x28);
        int shentsize = BitConverter.ToUInt16(bytes, 0x3A);
        int shnum = BitConverter.ToUInt16(bytes, 0x3C);

        for (int i = 0; i < shnum; i++)
        {
            long sh = shoff + (long)i * shentsize;
            if (BitConverter.ToUInt32(bytes, (int)sh + 4) != ShtGnuVerneed) continue;

            long offset = BitConverter.ToInt64(bytes, (int)sh + 24);
            int link = BitConverter.ToInt32(bytes, (int)sh + 40);
            int count = BitConverter.ToInt32(bytes, (int)sh + 44);
            long strtab = BitConverter.ToInt64(bytes, (int)(shoff + (long)link * shentsize) + 24);

            long verneed = offset;
            for (int n = 0; n < count; n++)
            {
                int auxCount = BitConverter.ToUInt16(bytes, (int)verneed + 2);
                long aux = verneed + BitConverter.ToUInt32(bytes, (int)verneed + 8);
                for (int a = 0; a < auxCount; a++)
                {
                    long nameAt = strtab + BitConverter.ToUInt32(bytes, (int)aux + 8);
                    if (ReadCString(bytes, nameAt) == versionName)
                    {
                        ushort flags = BitConverter.ToUInt16(bytes, (int)aux + 4);
                        if ((flags & VerFlgWeak) != 0) return "already weak";
                        flags |= VerFlgWeak;
                        using (var f = new FileStream(path, FileMode.Open, FileAccess.Write))
                        {
                            f.Position = aux + 4;
                            f.Write(BitConverter.GetBytes(flags), 0, 2);
                        }
                        return "marked weak";
                    }
                    aux += BitConverter.ToUInt32(bytes, (int)aux + 12);
                }
                verneed += BitConverter.ToUInt32(bytes, (int)verneed + 12);
            }
        }
        return "version not needed";
    }

    static string ReadCString(byte[] bytes, long at)
    {
        long end = at;
        while (bytes[end] != 0) end++;
        return Encoding.ASCII.GetString(bytes, (int)at, (int)(end - at));
    }
}
