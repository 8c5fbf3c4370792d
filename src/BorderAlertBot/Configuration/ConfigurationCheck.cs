using System.Collections;
using System.ComponentModel;
using System.Globalization;
using System.Reflection;
using Microsoft.Extensions.Configuration;

namespace BorderAlertBot.Configuration;

/// <summary>
/// Checks every key under <c>BorderAlert</c> against the options types before anything binds them: a key no
/// options type has (a typo such as <c>Tiemout</c>) is refused by name, and a value that cannot become its
/// property's type is refused with what it should look like. Messages use the environment form of the key
/// and plain words, never .NET type names.
/// </summary>
public static class ConfigurationCheck
{
    public static void Check(IConfiguration configuration, IReadOnlyList<OptionsSection> sections)
    {
        var errors = new List<string>();
        foreach (var (path, value) in configuration.GetSection(BorderAlertOptions.Section).AsEnumerable().OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            if (value is null) continue; // an intermediate section
            if (CheckKey(path, value, sections) is { } error) errors.Add($"{ConfigKeys.EnvForm(path)}: {error}");
        }
        if (errors.Count > 0) throw new ConfigurationException(string.Join("; ", errors));
    }

    private static string? CheckKey(string path, string value, IReadOnlyList<OptionsSection> sections)
    {
        var section = sections
            .Where(s => path.Equals(s.Path, StringComparison.OrdinalIgnoreCase) || path.StartsWith(s.Path + ":", StringComparison.OrdinalIgnoreCase))
            .MaxBy(s => s.Path.Length);
        if (section is null) return "unknown key";
        var segments = path.Length == section.Path.Length ? [] : path[(section.Path.Length + 1)..].Split(':');
        var type = section.Type;
        string at = section.Path;
        foreach (string segment in segments)
        {
            if (IsValue(type)) return "unknown key";
            if (ElementType(type) is { } element)
            {
                if (!IsDictionary(type) && !int.TryParse(segment, NumberStyles.None, CultureInfo.InvariantCulture, out _))
                    return $"'{segment}' is not a position in the list (use {ConfigKeys.EnvForm(at)}__0, __1, …)";
                type = element;
            }
            else
            {
                var property = type.GetProperty(segment, BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase);
                bool bindable = property is not null && (property.SetMethod?.IsPublic == true || (property.GetMethod is not null && !IsValue(property.PropertyType)));
                if (!bindable) return $"unknown key ({ConfigKeys.EnvForm(at)} has {Known(type, sections, at)})";
                type = property!.PropertyType;
            }
            at += ":" + segment;
        }
        if (!IsValue(type)) return value.Length == 0 ? null : "is a section: set the keys inside it";
        return Converts(type, value) ? null : $"'{value}' is not {Describe(type)}";
    }

    /// <summary>The keys a section accepts: its bindable properties and the sections bound below it.</summary>
    private static string Known(Type type, IReadOnlyList<OptionsSection> sections, string at)
    {
        var names = type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.SetMethod?.IsPublic == true || (p.GetMethod is not null && !IsValue(p.PropertyType)))
            .Select(p => p.Name)
            .Concat(sections.Where(s => s.Path.StartsWith(at + ":", StringComparison.OrdinalIgnoreCase) && !s.Path[(at.Length + 1)..].Contains(':', StringComparison.Ordinal))
                .Select(s => s.Path[(at.Length + 1)..]))
            .Distinct(StringComparer.OrdinalIgnoreCase);
        return string.Join(", ", names);
    }

    private static bool IsValue(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        return type.IsPrimitive || type.IsEnum || type == typeof(string) || type == typeof(decimal) || type == typeof(TimeSpan)
            || type == typeof(DateTime) || type == typeof(DateTimeOffset) || type == typeof(Guid) || type == typeof(Uri);
    }

    private static bool IsDictionary(Type type) =>
        type.GetInterfaces().Append(type).Any(i => i.IsGenericType && i.GetGenericTypeDefinition() is var d && (d == typeof(IDictionary<,>) || d == typeof(IReadOnlyDictionary<,>)));

    private static Type? ElementType(Type type)
    {
        if (type.IsArray) return type.GetElementType();
        if (type == typeof(string) || !typeof(IEnumerable).IsAssignableFrom(type)) return null;
        var generic = type.GetInterfaces().Append(type).FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>));
        var argument = generic?.GetGenericArguments()[0];
        // A dictionary enumerates KeyValuePair<K, V>: its children are values.
        return argument is { IsGenericType: true } && argument.GetGenericTypeDefinition() == typeof(KeyValuePair<,>) ? argument.GetGenericArguments()[1] : argument;
    }

    /// <summary>The same conversion the configuration binder makes (a type converter, invariant culture).</summary>
    private static bool Converts(Type type, string value)
    {
        if (Nullable.GetUnderlyingType(type) is { } underlying)
        {
            if (value.Length == 0) return true;
            type = underlying;
        }
        if (type == typeof(string)) return true;
        if (value.Length == 0) return true; // an empty environment variable: left unset
        try
        {
            TypeDescriptor.GetConverter(type).ConvertFromInvariantString(value);
            return true;
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException or OverflowException or NotSupportedException || ex.InnerException is FormatException or OverflowException)
        {
            return false;
        }
    }

    /// <summary>What a value of this type looks like, in words.</summary>
    public static string Describe(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type == typeof(TimeSpan)) return "a duration such as 00:00:30 (hours:minutes:seconds) or 1.00:00:00 (days.hours:minutes:seconds)";
        if (type == typeof(bool)) return "true or false";
        if (type == typeof(int) || type == typeof(long) || type == typeof(short) || type == typeof(byte) || type == typeof(uint) || type == typeof(ulong) || type == typeof(ushort) || type == typeof(sbyte))
            return "a whole number";
        if (type == typeof(double) || type == typeof(float) || type == typeof(decimal)) return "a number such as 0.5";
        if (type.IsEnum) return "one of " + string.Join(", ", Enum.GetNames(type));
        if (type == typeof(Uri)) return "a URL";
        if (type == typeof(DateTime) || type == typeof(DateTimeOffset)) return "a date and time such as 2025-03-13T12:00:00Z";
        return "a value of the expected kind";
    }
}
