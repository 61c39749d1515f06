// What tests and benchmarks use from the gateway; the processes themselves start from manager.ts and cluster.ts.
export { gatewayConfigChecks, gatewayConfigShape } from './config.js';
export { DispatchForwarder, type DispatchForwarderOptions } from './dispatchForwarder.js';
export { fetchGatewayBot, type GatewayBotInfo } from './gatewayBot.js';
export { createGatewayMetrics, type GatewayMetrics } from './gatewayMetrics.js';
export {
  DefaultOrderedProducerOptions,
  OrderedProducer,
  type OrderedProducerOptions,
} from './orderedProducer.js';
export {
  DefaultRedisDeliveryWindowOptions,
  deliveryBuckets,
  RedisDeliveryWindow,
  type Delivery,
  type DeliveryWindow,
  type RedisDeliveryWindowOptions,
} from './redisDeliveryWindow.js';
export { planShards, type ShardPlan, type ShardPlanInput } from './shardPlan.js';
export { RedisIdentifyThrottler } from './redisIdentifyThrottler.js';
