using BouncePortal.Infrastructure.Checklists;
using MudBlazor;

namespace BouncePortal.Web.Components.Pages.Checklists;

/// <summary>
/// Words and colours for what a checklist was opened for and its status.
/// </summary>
internal static class ChecklistSubjects
{
    /// <summary>Names the subject, such as "Diagnosis 42" or "Alert 7f3c…".</summary>
    public static string Describe(ChecklistSubjectKind kind, string subjectId) => kind switch
    {
        ChecklistSubjectKind.Diagnosis => $"Diagnosis {subjectId}",
        ChecklistSubjectKind.Alert => $"Alert {subjectId}",
        ChecklistSubjectKind.Workflow => $"Stop-the-bleed workflow {subjectId}",
        _ => $"{kind} {subjectId}",
    };

    /// <summary>The chip colour of a subject kind.</summary>
    public static Color KindColour(ChecklistSubjectKind kind) => kind switch
    {
        ChecklistSubjectKind.Alert => Color.Error,
        ChecklistSubjectKind.Workflow => Color.Warning,
        _ => Color.Info,
    };

    /// <summary>The chip colour of a status.</summary>
    public static Color StatusColour(ChecklistStatus status) =>
        status == ChecklistStatus.Completed ? Color.Success : Color.Primary;
}
