using BouncePortal.Domain.Presentation;
using BouncePortal.Infrastructure.Checklists;
using MudBlazor;

namespace BouncePortal.Web.Components.Pages.Checklists;

/// <summary>
/// Words and colours for what a checklist was opened for and its status.
/// </summary>
internal static class ChecklistSubjects
{
    /// <summary>
    /// Returns <paramref name="subjectName"/>, such as the alert's title, or a note that the subject
    /// is no longer stored. The subject's id is never shown.
    /// </summary>
    public static string Describe(ChecklistSubjectKind kind, string? subjectName) => subjectName ?? kind switch
    {
        ChecklistSubjectKind.Diagnosis => "A diagnosis no longer stored: its upload was deleted",
        ChecklistSubjectKind.Alert => "An alert no longer stored",
        ChecklistSubjectKind.Workflow => "A stop-the-bleed workflow no longer stored",
        _ => EnumWords.Of(kind),
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
