namespace TuneStudio.Storage.Reviews;

/// <summary>Chance-corrected agreement between annotators. Null where kappa is undefined (no items, or chance agreement of 1).</summary>
public static class Agreement
{
    /// <summary>Cohen's kappa over paired labels of two annotators: (po − pe) / (1 − pe).</summary>
    public static double? CohensKappa(IReadOnlyList<(string First, string Second)> pairs)
    {
        if (pairs.Count == 0) return null;
        double n = pairs.Count;
        var observed = pairs.Count(p => p.First == p.Second) / n;
        var labels = pairs.SelectMany(p => new[] { p.First, p.Second }).Distinct();
        var chance = labels.Sum(l => pairs.Count(p => p.First == l) / n * (pairs.Count(p => p.Second == l) / n));
        return chance >= 1 ? null : (observed - chance) / (1 - chance);
    }

    /// <summary>Fleiss' kappa over items that each carry the same number (≥ 2) of labels.</summary>
    public static double? FleissKappa(IReadOnlyList<IReadOnlyList<string>> items)
    {
        if (items.Count == 0) return null;
        int raters = items[0].Count;
        if (raters < 2 || items.Any(i => i.Count != raters)) throw new ArgumentException("Every item needs the same number (at least 2) of labels.", nameof(items));
        double n = items.Count;
        var perItem = items.Select(i => i.GroupBy(l => l).Select(g => (double)g.Count()).ToList()).ToList();
        var meanAgreement = perItem.Average(counts => (counts.Sum(c => c * c) - raters) / (raters * (raters - 1.0)));
        var chance = items.SelectMany(i => i).GroupBy(l => l).Sum(g => Math.Pow(g.Count() / (n * raters), 2));
        return chance >= 1 ? null : (meanAgreement - chance) / (1 - chance);
    }
}
