namespace BorderAlertBot.Core.Detection;

/// <summary>What kind of border news an item is. The wire names are snake_case.</summary>
public enum Category
{
    None,
    ArmedClash,
    Incident,
    Security,
    WaterLand,
    Humanitarian,
    Crossing,
    Diplomacy,
}

public static class Categories
{
    /// <summary>Every category a detection can have, in the rubric's order.</summary>
    public static readonly IReadOnlyList<Category> All = Enum.GetValues<Category>().Where(c => c != Category.None).ToArray();

    /// <summary>"armed_clash, incident, …": for help and error texts.</summary>
    public static string WireList => string.Join(", ", All.Select(c => c.ToWire()));

    public static string ToWire(this Category c) => c switch
    {
        Category.ArmedClash => "armed_clash",
        Category.Incident => "incident",
        Category.Security => "security",
        Category.WaterLand => "water_land",
        Category.Humanitarian => "humanitarian",
        Category.Crossing => "crossing",
        Category.Diplomacy => "diplomacy",
        _ => "none",
    };

    public static bool TryParse(string? wire, out Category category)
    {
        category = wire switch
        {
            "armed_clash" => Category.ArmedClash,
            "incident" => Category.Incident,
            "security" => Category.Security,
            "water_land" => Category.WaterLand,
            "humanitarian" => Category.Humanitarian,
            "crossing" => Category.Crossing,
            "diplomacy" => Category.Diplomacy,
            _ => Category.None,
        };
        return category != Category.None;
    }
}
