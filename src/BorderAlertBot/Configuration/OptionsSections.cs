using System.Reflection;

namespace BorderAlertBot.Configuration;

/// <summary>One bound configuration section and the options type it binds to.</summary>
public sealed record OptionsSection(string Path, Type Type);

/// <summary>
/// The configuration sections the bot binds, derived from the options types themselves: every options class
/// declares <c>public const string Section = "BorderAlert:…"</c>, in whichever project it lives. A new
/// options type is known here the moment it exists (no list to keep up to date), so the unknown-key check
/// accepts every section that is bound.
/// </summary>
public static class OptionsSections
{
    private static readonly Lazy<IReadOnlyList<OptionsSection>> Discovered = new(Discover);

    public static IReadOnlyList<OptionsSection> All => Discovered.Value;

    private static List<OptionsSection> Discover()
    {
        var result = new List<OptionsSection>();
        foreach (var assembly in ProductAssemblies())
        {
            Type[] types;
            try { types = assembly.GetTypes(); }
            catch (ReflectionTypeLoadException ex) { types = ex.Types.OfType<Type>().ToArray(); }
            foreach (var type in types)
            {
                if (!type.IsClass || type.IsAbstract || type.IsGenericTypeDefinition) continue;
                var field = type.GetField("Section", BindingFlags.Public | BindingFlags.Static | BindingFlags.DeclaredOnly);
                if (field is { IsLiteral: true } && field.GetRawConstantValue() is string path
                    && (path == BorderAlertOptions.Section || path.StartsWith(BorderAlertOptions.Section + ":", StringComparison.Ordinal)))
                    result.Add(new OptionsSection(path, type));
            }
        }
        return result;
    }

    /// <summary>This assembly and every BorderAlertBot assembly it references, directly or not.</summary>
    private static IEnumerable<Assembly> ProductAssemblies()
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var queue = new Queue<Assembly>([typeof(OptionsSections).Assembly]);
        while (queue.TryDequeue(out var assembly))
        {
            if (!seen.Add(assembly.GetName().Name ?? "")) continue;
            yield return assembly;
            foreach (var reference in assembly.GetReferencedAssemblies())
            {
                if (reference.Name?.StartsWith("BorderAlertBot", StringComparison.Ordinal) != true || seen.Contains(reference.Name)) continue;
                Assembly? loaded = null;
                try { loaded = Assembly.Load(reference); } catch (FileNotFoundException) { } catch (FileLoadException) { }
                if (loaded is not null) queue.Enqueue(loaded);
            }
        }
    }
}
