using System.Runtime.CompilerServices;

// Tests inject faults (a NaN loss) through internal hooks that stay out of the public API.
[assembly: InternalsVisibleTo("TuneStudio.Engine.Tests")]
