// Event texts exactly as Kubernetes 1.32 formats them, one function per Eventf call, with the
// source each comes from. Keeping them here means a scenario can never misspell a message.

// pkg/kubelet/images/image_manager.go
export const pulling = (image: string) => `Pulling image "${image}"`;
export const pulled = (image: string, secs: number, waitSecs: number, bytes: number) =>
  `Successfully pulled image "${image}" in ${goDuration(secs)} (${goDuration(waitSecs)} including waiting). Image size: ${bytes} bytes.`;
export const alreadyPresent = (image: string) => `Container image "${image}" already present on machine`;
export const failedPull = (image: string, err: string) => `Failed to pull image "${image}": ${err}`;
/** Recorded as type Normal, reason BackOff. */
export const backOffPull = (image: string) => `Back-off pulling image "${image}"`;

/** containerd's error for a tag that does not exist. */
export const pullNotFound = (image: string) =>
  `rpc error: code = NotFound desc = failed to pull and unpack image "${qualify(image)}": failed to resolve reference "${qualify(image)}": ${qualify(image)}: not found`;
/** containerd's error for a private repository without credentials. */
export const pullUnauthorized = (image: string) =>
  `rpc error: code = Unknown desc = failed to pull and unpack image "${qualify(image)}": failed to resolve reference "${qualify(image)}": pull access denied, repository does not exist or may require authorization: server message: insufficient_scope: authorization failed`;
const qualify = (image: string) => (image.split('/')[0]!.includes('.') ? image : `docker.io/library/${image}`);

// pkg/kubelet/kuberuntime/kuberuntime_container.go (startContainer), reason Failed/Created/Started
export const errorOf = (err: 'ErrImagePull' | 'ImagePullBackOff' | string) => `Error: ${err}`;
export const created = (container: string) => `Created container: ${container}`;
export const started = (container: string) => `Started container ${container}`;
// kuberuntime_container.go killContainer
export const stopping = (container: string) => `Stopping container ${container}`;
export const failedLiveness = (container: string) => `Container ${container} failed liveness probe, will be restarted`;
// kuberuntime_manager.go doBackOff; format.Pod is name_namespace(uid)
export const backOffRestart = (container: string, pod: string, namespace: string, uid: string) =>
  `Back-off restarting failed container ${container} in pod ${pod}_${namespace}(${uid})`;
export const crashLoopWaiting = (backoff: string, container: string, pod: string, namespace: string, uid: string) =>
  `back-off ${backoff} restarting failed container=${container} pod=${pod}_${namespace}(${uid})`;

// pkg/kubelet/prober/prober.go: "%s probe failed: %s" with the prober's output
export const probeFailed = (probe: 'Readiness' | 'Liveness' | 'Startup', output: string) => `${probe} probe failed: ${output}`;
export const httpStatus = (code: number) => `HTTP probe failed with statuscode: ${code}`;
export const httpTimeout = (url: string) => `Get "${url}": context deadline exceeded (Client.Timeout exceeded while awaiting headers)`;
export const httpRefused = (url: string, hostPort: string) => `Get "${url}": dial tcp ${hostPort}: connect: connection refused`;

// pkg/scheduler/schedule_one.go (events.k8s.io: action Binding / Scheduling)
export const assigned = (namespace: string, pod: string, node: string) => `Successfully assigned ${namespace}/${pod} to ${node}`;
/**
 * framework.FitError.Error(): per-reason node counts sorted as strings, then the PostFilter
 * (preemption) diagnosis in the same shape.
 */
export function fitError(total: number, reasons: Record<string, number>, preemption: Record<string, number>): string {
  const hist = (h: Record<string, number>) => Object.entries(h).map(([r, n]) => `${n} ${r}`).sort().join(', ');
  return `0/${total} nodes are available: ${hist(reasons)}. preemption: 0/${total} nodes are available: ${hist(preemption)}.`;
}
export const untoleratedTaint = (key: string, value = '') => `node(s) had untolerated taint {${key}: ${value}}`;
export const NO_VICTIMS = 'No preemption victims found for incoming pod';
export const PREEMPTION_NOT_HELPFUL = 'Preemption is not helpful for scheduling';

// pkg/controller/deployment/sync.go scaleReplicaSet
export const scaledRs = (dir: 'up' | 'down', rs: string, from: number, to: number) => `Scaled ${dir} replica set ${rs} from ${from} to ${to}`;
// pkg/controller/controller_utils.go (ReplicaSet, Job, DaemonSet pod control)
export const createdPod = (pod: string) => `Created pod: ${pod}`;
export const deletedPod = (pod: string) => `Deleted pod: ${pod}`;
// pkg/controller/statefulset/stateful_pod_control.go
export const stsCreatePod = (pod: string, sts: string) => `create Pod ${pod} in StatefulSet ${sts} successful`;
// pkg/controller/cronjob/cronjob_controllerv2.go
export const createdJob = (job: string) => `Created job ${job}`;
export const sawCompletedJob = (job: string, status: 'Complete' | 'Failed') => `Saw completed job: ${job}, status: ${status}`;
export const deletedJob = (job: string) => `Deleted job ${job}`;
// pkg/controller/job/job_controller.go
export const JOB_COMPLETED = 'Job completed';
export const BACKOFF_LIMIT = 'Job has reached the specified backoff limit';

// pkg/controller/nodelifecycle + pkg/kubelet/nodestatus (both use "Node %s status is now: %s")
export const nodeStatusNow = (node: string, status: string) => `Node ${node} status is now: ${status}`;
export const NODE_IS_NOT_READY = 'Node is not ready';
export const registeredNode = (node: string) => `Node ${node} event: Registered Node ${node} in Controller`;
// pkg/controller/tainteviction/taint_eviction.go (involvedObject carries no uid)
export const markingForDeletion = (namespace: string, pod: string) => `Marking for deletion Pod ${namespace}/${pod}`;
export const cancellingDeletion = (namespace: string, pod: string) => `Cancelling deletion of Pod ${namespace}/${pod}`;

// pkg/kubelet/eviction/helpers.go (note the trailing spaces of each fragment)
export const evictedMemory = (threshold: string, availableKi: number, container: string, usageKi: number, request: string) =>
  `The node was low on resource: memory. Threshold quantity: ${threshold}, available: ${availableKi}Ki. Container ${container} was using ${usageKi}Ki, request is ${request}, has larger consumption of memory. `;
export const reclaiming = (resource: string) => `Attempting to reclaim ${resource}`;
// pkg/kubelet/oom/oom_watcher_linux.go (kubelet, on the Node)
export const systemOom = (process: string, pid: number) => `System OOM encountered, victim process: ${process}, pid: ${pid}`;
// node-problem-detector kernel-monitor: the kernel log line it matched
export const kernelOom = (pid: number, process: string, rssKb: number) =>
  `Memory cgroup out of memory: Killed process ${pid} (${process}) total-vm:${rssKb * 2 + 812344}kB, anon-rss:${rssKb}kB, file-rss:${Math.floor(rssKb / 40)}kB, shmem-rss:0kB, UID:1000 pgtables:${Math.floor(rssKb / 400)}kB oom_score_adj:${984}`;

// pkg/kubelet/volumemanager/volume_manager.go + pkg/kubelet/kubelet.go (1.28+ wait errors)
export const unableToMount = (unmounted: string[], unattached: string[]) =>
  `Unable to attach or mount volumes: unmounted volumes=[${unmounted.join(' ')}], unattached volumes=[${unattached.join(' ')}], failed to process volumes=[]: context deadline exceeded`;
// pkg/volume/util/operationexecutor/operation_generator.go
export const mountSetUpFailed = (volume: string, err: string) => `MountVolume.SetUp failed for volume "${volume}" : ${err}`;
export const attachFailed = (volume: string, err: string) => `AttachVolume.Attach failed for volume "${volume}" : ${err}`;
export const attachSucceeded = (volume: string) => `AttachVolume.Attach succeeded for volume "${volume}"`;
// pkg/controller/volume/attachdetach/reconciler/reconciler.go
export const multiAttach = (volume: string, pods: string[]) => `Multi-Attach error for volume "${volume}" Volume is already used by pod(s) ${pods.join(', ')}`;

// pkg/controller/podautoscaler/horizontal.go + replica_calculator.go
export const NO_CPU_METRICS = 'failed to get cpu utilization: unable to get metrics for resource cpu: no metrics returned from resource metrics API';
export const invalidMetrics = (err: string) => `invalid metrics (1 invalid out of 1), first error is: failed to get cpu resource metric value: ${err}`;
export const newSize = (n: number, reason: string) => `New size: ${n}; reason: ${reason}`;
export const CPU_ABOVE = 'cpu resource utilization (percentage of request) above target';
export const ALL_BELOW = 'All metrics below target';

/** Go's time.Duration.String() for the pull times (e.g. 1.532s, 812ms). */
export function goDuration(secs: number): string {
  if (secs < 1) return `${Math.round(secs * 1000)}ms`;
  if (secs < 60) return `${+secs.toFixed(3)}s`;
  const m = Math.floor(secs / 60);
  return `${m}m${+(secs - m * 60).toFixed(3)}s`;
}
