using System.Globalization;
using System.Text;
using TuneStudio.Storage.Audit;
using TuneStudio.Web.Security;

namespace TuneStudio.Web.Api;

public static class AuditEndpoints
{
    public static void MapAuditApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/audit").WithTags("Audit");

        group.MapGet("/", (string? user, string? action, DateTime? from, DateTime? to, AuditLog log) =>
            log.Find(new AuditFilter(user, action, from, to))).RequireAuthorization(Policies.ManageUsers);

        group.MapGet("/export", (string? user, string? action, DateTime? from, DateTime? to, AuditLog log) =>
            Results.File(Encoding.UTF8.GetBytes(ToCsv(log.Find(new AuditFilter(user, action, from, to, int.MaxValue)))),
                "text/csv; charset=utf-8", "tunestudio-audit.csv")).RequireAuthorization(Policies.ManageUsers);
    }

    public static string ToCsv(IEnumerable<AuditEntry> entries)
    {
        var csv = new StringBuilder("time,user,action,target,detail\n");
        foreach (var e in entries)
            csv.Append(Field(e.Time.ToString("O", CultureInfo.InvariantCulture))).Append(',').Append(Field(e.UserName)).Append(',')
                .Append(Field(e.Action)).Append(',').Append(Field(e.Target)).Append(',').Append(Field(e.Detail)).Append('\n');
        return csv.ToString();
    }

    // Quoted always; a leading = + - @ is defused so a spreadsheet never runs a dataset or run name as a formula.
    private static string Field(string value)
    {
        if (value.Length > 0 && "=+-@".Contains(value[0])) value = "'" + value;
        return "\"" + value.Replace("\"", "\"\"") + "\"";
    }
}
