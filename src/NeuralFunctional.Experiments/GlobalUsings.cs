// Namespaces every part of the experiments library works with: the pure core it builds on, and immutable arrays.
global using System.Collections.Immutable;
global using NeuralFunctional.Core;
