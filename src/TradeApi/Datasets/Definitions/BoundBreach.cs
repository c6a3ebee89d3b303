namespace TradeApi.Datasets.Definitions;

/// <summary>
/// A published row that breaks a documented bound only the whole unit can show (a brand selling more cars than the
/// market it is part of): the observation to blame, the release-file column and the rule. A release that makes
/// one is refused.
/// </summary>
public sealed record BoundBreach(long ObservationId, string Column, string? Value, string Rule);
