using System.Text;

namespace PluginRuntime.Sdk.Metadata;

/// <summary>How C# names appear on the wire: PlaceOS uses snake_case for methods and arguments.</summary>
public static class NameConventions
{
    /// <summary><c>SetVolume</c> → <c>set_volume</c>; <c>devEUI</c> → <c>dev_eui</c>; already-snake names are kept.</summary>
    public static string ToSnakeCase(string name)
    {
        var builder = new StringBuilder(name.Length + 4);
        for (int i = 0; i < name.Length; i++)
        {
            char c = name[i];
            if (char.IsUpper(c))
            {
                bool previousIsLowerOrDigit = i > 0 && (char.IsLower(name[i - 1]) || char.IsDigit(name[i - 1]));
                bool startsNewWordInAcronym = i > 0 && char.IsUpper(name[i - 1]) && i + 1 < name.Length && char.IsLower(name[i + 1]);
                if ((previousIsLowerOrDigit || startsNewWordInAcronym) && builder.Length > 0 && builder[^1] != '_')
                {
                    builder.Append('_');
                }
                builder.Append(char.ToLowerInvariant(c));
            }
            else
            {
                builder.Append(c);
            }
        }
        return builder.ToString();
    }
}
