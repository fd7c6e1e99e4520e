using System.Collections.Immutable;

namespace NeuralFunctional.Core;

/// <summary>An immutable row-major matrix of doubles: element (r, c) is <c>Values[r * Cols + c]</c>.
/// Equality is bitwise over the shape and every value (so NaN equals NaN and 0.0 differs from −0.0).</summary>
public sealed record Matrix
{
    public int Rows { get; }
    public int Cols { get; }
    public ImmutableArray<double> Values { get; }

    /// <summary>Wraps <paramref name="values"/> (length must be rows × cols: a programming error otherwise).</summary>
    public Matrix(int rows, int cols, ImmutableArray<double> values)
    {
        if (rows < 0 || cols < 0) throw new ArgumentException($"Matrix shape {rows}×{cols} is negative.");
        if (values.IsDefault || values.Length != rows * cols)
            throw new ArgumentException($"Matrix {rows}×{cols} needs {rows * cols} values, got {(values.IsDefault ? 0 : values.Length)}.");
        Rows = rows;
        Cols = cols;
        Values = values;
    }

    public double this[int row, int col] => Values[row * Cols + col];

    /// <summary>Row <paramref name="row"/> as a span (a layer's row is one unit's weights).</summary>
    public ReadOnlySpan<double> Row(int row) => Values.AsSpan(row * Cols, Cols);

    public static Matrix Zeros(int rows, int cols) => new(rows, cols, ImmutableArray.Create(new double[rows * cols]));

    public static Matrix FromRows(IReadOnlyList<IReadOnlyList<double>> rows)
    {
        var cols = rows.Count == 0 ? 0 : rows[0].Count;
        var values = new double[rows.Count * cols];
        for (var r = 0; r < rows.Count; r++)
        {
            if (rows[r].Count != cols) throw new ArgumentException($"Row {r} has {rows[r].Count} values, expected {cols}.");
            for (var c = 0; c < cols; c++) values[r * cols + c] = rows[r][c];
        }
        return new Matrix(rows.Count, cols, values.ToImmutableArray());
    }

    /// <summary>The rows as nested arrays (for writing documents and tests).</summary>
    public double[][] ToRows()
    {
        var result = new double[Rows][];
        for (var r = 0; r < Rows; r++) result[r] = Row(r).ToArray();
        return result;
    }

    public bool Equals(Matrix? other) =>
        other is not null && Rows == other.Rows && Cols == other.Cols && Bits.Equal(Values.AsSpan(), other.Values.AsSpan());

    public override int GetHashCode() => HashCode.Combine(Rows, Cols, Bits.Hash(Values.AsSpan()));
}

/// <summary>Bitwise comparison and hashing of double sequences: the equality the reproducibility promise is about.</summary>
public static class Bits
{
    public static bool Equal(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        if (a.Length != b.Length) return false;
        for (var i = 0; i < a.Length; i++)
            if (BitConverter.DoubleToInt64Bits(a[i]) != BitConverter.DoubleToInt64Bits(b[i])) return false;
        return true;
    }

    public static int Hash(ReadOnlySpan<double> values)
    {
        var h = new HashCode();
        foreach (var v in values) h.Add(BitConverter.DoubleToInt64Bits(v));
        return h.ToHashCode();
    }
}
