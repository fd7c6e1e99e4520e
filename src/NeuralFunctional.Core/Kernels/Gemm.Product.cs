namespace NeuralFunctional.Core.Kernels;

/// <summary>What a <see cref="Gemm"/> call computes: C (<paramref name="Rows"/> × <paramref name="Cols"/>, row-major) =
/// A (<paramref name="Rows"/> × <paramref name="Inner"/>) · B (<paramref name="Inner"/> × <paramref name="Cols"/>), A given
/// as Aᵀ (inner × rows) when <see cref="TransposedA"/>, B given as Bᵀ (cols × inner) when <see cref="TransposedB"/>; each
/// element of C one sequential sum over the inner axis from index 0 up, started at +0 (<see cref="FromZero"/>, the
/// default) or at the first term.</summary>
/// <param name="Rows">Rows of A and C.</param>
/// <param name="Inner">The summed axis: columns of A, rows of B.</param>
/// <param name="Cols">Columns of B and C.</param>
internal readonly record struct Product(int Rows, int Inner, int Cols)
{
    /// <summary>A is given transposed: a[r·rows + i] = A[i, r].</summary>
    public bool TransposedA { get; init; }

    /// <summary>B is given transposed: b[c·inner + r] = B[r, c].</summary>
    public bool TransposedB { get; init; }

    /// <summary>Each sum starts at +0 (so a sum of −0 terms is +0); false: at the first term.</summary>
    public bool FromZero { get; init; } = true;

    /// <summary>Column panels of C at <paramref name="lanes"/> doubles per vector (<see cref="Gemm.PanelCount"/>).</summary>
    public int PanelCount(int lanes) => Gemm.PanelCount(lanes, Cols);
}

/// <summary>A block of a <see cref="Product"/>'s C: rows [<paramref name="FirstRow"/>, <paramref name="EndRow"/>) of the
/// column panels [<paramref name="FirstPanel"/>, <paramref name="EndPanel"/>) (of <see cref="Gemm.PanelWidth"/> columns
/// each). Every element is the same sum as in the whole product, so any cut into blocks gives the same bits.</summary>
/// <param name="FirstPanel">The first column panel.</param>
/// <param name="EndPanel">One past the last column panel.</param>
/// <param name="FirstRow">The first row.</param>
/// <param name="EndRow">One past the last row.</param>
internal readonly record struct Block(int FirstPanel, int EndPanel, int FirstRow, int EndRow)
{
    /// <summary>All rows of the column panels [<paramref name="firstPanel"/>, <paramref name="endPanel"/>) of <paramref name="product"/>.</summary>
    public static Block Panels(in Product product, int firstPanel, int endPanel) => new(firstPanel, endPanel, 0, product.Rows);

    /// <summary>All of <paramref name="product"/>'s C at <paramref name="lanes"/> doubles per vector.</summary>
    public static Block Whole(int lanes, in Product product) => Panels(product, 0, product.PanelCount(lanes));
}
