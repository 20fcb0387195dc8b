using MudBlazor;

namespace BouncePortal.Web.Components.Layout;

/// <summary>
/// The portal's MudBlazor theme. Fonts come from the system, because the portal loads
/// nothing from other hosts.
/// </summary>
internal static class PortalTheme
{
    public static MudTheme Theme { get; } = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#1f5fa8",
            Secondary = "#6a4c93",
            AppbarBackground = "#16324f",
        },
        Typography = new Typography
        {
            Default = new DefaultTypography
            {
                FontFamily = ["system-ui", "-apple-system", "Segoe UI", "Roboto", "Helvetica Neue", "Arial", "sans-serif"],
            },
        },
    };
}
