// How bad an event is, in four ordered tiers, from its type and reason. Kubernetes only says
// Normal or Warning; the reason table below sorts Warnings into how urgently a human should look.

export const SEVERITIES = ['normal', 'warning', 'error', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];

const RANK: Readonly<Record<Severity, number>> = { normal: 0, warning: 1, error: 2, critical: 3 };

/** 0 (normal) … 3 (critical); compare tiers with this, never with string order. */
export function severityRank(s: Severity): number {
  return RANK[s];
}

// The one table to extend. Reasons are matched exactly (Kubernetes reasons are CamelCase tokens).
//  critical: the node or the kernel is taking capacity or processes away (OOM, eviction, node
//            conditions). Rare and worth waking up for.
//  error:    a workload is failing or cannot start (images, crashes, probes, scheduling, volumes,
//            controllers failing to create or scale). FailedScheduling, FailedMount and
//            FailedAttachVolume are here rather than critical: they block one workload, are often
//            transient (autoscaler scale-up, a Secret created a moment later) and are very common.
//  warning:  every other Warning.
const REASON_TIERS: Readonly<Record<'critical' | 'error', readonly string[]>> = {
  critical: [
    'OOMKilling', 'OOMKilled', 'SystemOOM', 'Evicted', 'Evicting', 'EvictionThresholdMet', 'TaintManagerEviction',
    'NodeNotReady', 'NodeHasDiskPressure', 'NodeHasMemoryPressure', 'NodeHasInsufficientMemory', 'NodeHasInsufficientPID',
    'NodeHasPIDPressure', 'NodeNetworkUnavailable', 'FreeDiskSpaceFailed', 'ImageGCFailed', 'ContainerGCFailed',
    'Rebooted', 'KernelOops', 'KubeletSetupFailed', 'FailedNodeAllocatableEnforcement', 'NodeShutdown',
  ],
  error: [
    'BackOff', 'CrashLoopBackOff', 'Failed', 'ErrImagePull', 'ImagePullBackOff', 'ErrImageNeverPull', 'InspectFailed',
    'InvalidImageName', 'Unhealthy', 'FailedCreate', 'FailedDelete', 'FailedKillPod', 'FailedSync', 'FailedScheduling',
    'FailedMount', 'FailedAttachVolume', 'FailedMapVolume', 'FailedCreatePodSandBox', 'FailedCreatePodContainer',
    'FailedPreStopHook', 'FailedPostStartHook', 'FailedGetResourceMetric', 'FailedGetExternalMetric',
    'FailedComputeMetricsReplicas', 'FailedGetScale', 'FailedRescale', 'ProvisioningFailed', 'FailedBinding',
    'VolumeResizeFailed', 'FileSystemResizeFailed', 'BackoffLimitExceeded', 'DeadlineExceeded', 'NetworkNotReady',
    'SyncLoadBalancerFailed', 'FailedToCreateEndpoint', 'FailedToUpdateEndpoint', 'FailedValidation',
  ],
};

/** A site's own rule (config.yaml `severity:`): patterns compiled once, checked before the table. */
export interface SeverityRule {
  readonly reason?: RegExp;
  readonly message?: RegExp;
  /** Only events of this type; any type when absent. */
  readonly type?: string;
  readonly tier: Severity;
}

let extraRules: readonly SeverityRule[] = [];

/**
 * Installs the site's rules, checked in order before the built-in table (the first match sets the
 * tier, whatever the type says). Called once at start-up, before any event is aggregated: a group's
 * tier is computed when it is created, so rules changed later would leave old groups as they were.
 */
export function setSeverityRules(rules: readonly SeverityRule[]): void {
  extraRules = rules;
}

const TIER_OF_REASON: ReadonlyMap<string, Severity> = new Map(
  (Object.keys(REASON_TIERS) as Array<keyof typeof REASON_TIERS>).flatMap((tier) =>
    REASON_TIERS[tier].map((reason) => [reason, tier] as const),
  ),
);

/**
 * The tier of an event. The type is the producer's own judgement and sets the base: Normal (or
 * empty) → normal, Warning → warning, a non-standard type naming a tier ("Error", "Critical") → that
 * tier, any other type → warning. The reason table can only raise it. A Normal event whose reason
 * is in the table (node-controller reports NodeNotReady and TaintManagerEviction, and the kubelet
 * NodeHasDiskPressure, as *Normal*) is raised to at most `warning`: visible, but error/critical
 * need the producer to have said Warning, so a state report never outranks a real failure.
 * The site's rules (setSeverityRules) come before all of this and may set any tier.
 */
export function severityOf(type: string, reason: string, message = ''): Severity {
  for (const r of extraRules) {
    if ((r.type === undefined || r.type === type) && (r.reason === undefined || r.reason.test(reason)) && (r.message === undefined || r.message.test(message))) return r.tier;
  }
  const listed = TIER_OF_REASON.get(reason);
  if (type === 'Warning') return listed ?? 'warning';
  if (type === 'Normal' || type === '') return listed === undefined ? 'normal' : 'warning';
  const named = type.toLowerCase();
  const base: Severity = named === 'error' || named === 'critical' ? named : 'warning';
  return listed !== undefined && RANK[listed] > RANK[base] ? listed : base;
}
