/**
 * The DCS instances the contract server offers: one per case the dashboard must tell apart, plus
 * enough plain ones that ListInstances spans more than one page at DCS's default limit of 10.
 */
export interface ContractInstance {
  id: string;
  name: string;
  engineVersion: string;
  /** single, ha, ha_rw_split, cluster or proxy. */
  cacheMode: string;
  status: string;
  maxmemoryPolicy: string;
  /** Master addresses of a sharded instance. */
  shards?: string[];
  /** Databases holding keys on an unsharded instance. */
  dbs?: number[];
  /** The key every analysis finds hottest, by far. */
  hottestKey: { name: string; db: number; shard?: string };
}

export const CONTRACT_PROJECT_ID = '0b6f5c1e2a7d4e9f8c3b1a2d4e6f8a0c';

export const CONTRACT_INSTANCES = {
  haEligible: {
    id: '5560df16-cebf-4473-95c4-d1b573c16e79',
    name: 'orders-cache',
    engineVersion: '5.0',
    cacheMode: 'ha',
    status: 'RUNNING',
    maxmemoryPolicy: 'allkeys-lfu',
    dbs: [0, 1, 3],
    hottestKey: { name: 'product:sku-4711:price', db: 1 },
  },
  clusterEligible: {
    id: 'c830053e-d5a3-4bc0-b6d6-ca37d1ea9dd5',
    name: 'sessions-cluster',
    engineVersion: '6.0',
    cacheMode: 'cluster',
    status: 'RUNNING',
    maxmemoryPolicy: 'volatile-lfu',
    shards: ['192.168.0.11:6379', '192.168.0.12:6379', '192.168.0.13:6379'],
    hottestKey: { name: 'session:celebrity-42', db: 0, shard: '192.168.0.12:6379' },
  },
  redis3: {
    id: 'a4c545cd-10b2-4efc-b0ab-a9b554ca0621',
    name: 'legacy-sessions',
    engineVersion: '3.0',
    cacheMode: 'ha',
    status: 'RUNNING',
    maxmemoryPolicy: 'volatile-lru',
    dbs: [0],
    hottestKey: { name: 'legacy:counter', db: 0 },
  },
  nonLfu: {
    id: '50829e5a-a4fc-4c01-8651-80be8a491602',
    name: 'catalog-lru',
    engineVersion: '5.0',
    cacheMode: 'ha',
    status: 'RUNNING',
    maxmemoryPolicy: 'volatile-lru',
    dbs: [0],
    hottestKey: { name: 'catalog:index', db: 0 },
  },
  notRunning: {
    id: '5f9057b5-c330-4ee2-8138-7e69896eeec3',
    name: 'reports-restarting',
    engineVersion: '6.0',
    cacheMode: 'ha',
    status: 'RESTARTING',
    maxmemoryPolicy: 'allkeys-lfu',
    dbs: [0],
    hottestKey: { name: 'report:daily', db: 0 },
  },
  proxyEligible: {
    id: '0ccb25d5-27cf-4188-b5ea-987730a85371',
    name: 'feeds-proxy',
    engineVersion: '4.0',
    cacheMode: 'proxy',
    status: 'RUNNING',
    maxmemoryPolicy: 'allkeys-lfu',
    shards: ['192.168.1.21:6379', '192.168.1.22:6379'],
    hottestKey: { name: 'feed:home:top', db: 0, shard: '192.168.1.22:6379' },
  },
} satisfies Record<string, ContractInstance>;

const plainInstances: ContractInstance[] = Array.from({ length: 6 }, (_, i) => ({
  id: `7d0e4a2b-1c3f-4e5a-9b8c-0000000000${String(i + 1).padStart(2, '0')}`,
  name: `tenant-cache-${String(i + 1).padStart(2, '0')}`,
  engineVersion: '6.0',
  cacheMode: i % 2 === 0 ? 'single' : 'ha_rw_split',
  status: 'RUNNING',
  maxmemoryPolicy: 'allkeys-lfu',
  dbs: [0, 2],
  hottestKey: { name: `tenant:${i + 1}:config`, db: 0 },
}));

export const ALL_CONTRACT_INSTANCES: readonly ContractInstance[] = [
  ...Object.values(CONTRACT_INSTANCES),
  ...plainInstances,
];

/** Hot key analysis needs Redis 4.0+ and an LFU policy (DCS.4922 otherwise). */
export const supportsHotkeys = (instance: ContractInstance): boolean =>
  Number.parseFloat(instance.engineVersion) >= 4 && instance.maxmemoryPolicy.endsWith('-lfu');

/** A ListInstances entry, drifting from the documented types the way the documented example does. */
export function listEntry(instance: ContractInstance): Record<string, unknown> {
  return {
    publicip_id: {},
    vpc_name: 'dcs-beta',
    charging_mode: 0,
    vpc_id: '5e37b3be-950a-48e1-b498-65b63d336481',
    subnet_id: 'a4112635-3ec0-471c-95c3-5cf49b9533af',
    user_name: 'clouduser',
    created_at: '2022-08-29T09:00:34.335Z',
    updated_at: '2022-08-29T09:00:34.335Z',
    enable_ssl: false,
    max_memory: 128,
    publicip_address: null,
    capacity: 0,
    order_id: null,
    maintain_begin: '18:00:00',
    engine: 'Redis',
    maintain_end: '19:00:00',
    capacity_minor: '.125',
    service_upgrade: false,
    no_password_access: true,
    service_task_id: '',
    ip: '192.168.0.195',
    used_memory: 2,
    access_user: null,
    instance_id: instance.id,
    enable_publicip: false,
    port: 6379,
    user_id: 'd53977d1adfb49c5b025ba7d33a13fd7',
    domain_name: `redis-${instance.id}.dcs.example.com`,
    name: instance.name,
    spec_code: `redis.${instance.cacheMode}.xu1.tiny.r2.128`,
    engine_version: instance.engineVersion,
    status: instance.status,
    security_group_id: 'securityGroupId',
    enterprise_project_id: 0,
    tags: [{ key: 1, value: 'DCS' }],
    az_codes: ['region01', 'region02'],
    description: 'redis instance description',
    cpu_type: 'x86_64',
    features: { support_acl: true, support_transparent_client_ip: true, support_ssl: false, support_audit_log: false },
    sub_status: 'normal',
  };
}

/** A ShowInstance answer: the repaired documented example with this instance's own fields. */
export function showInstance(instance: ContractInstance): Record<string, unknown> {
  return {
    ...listEntry(instance),
    publicip_id: null,
    enterprise_project_name: 'default',
    enterprise_project_id: '0',
    cache_mode: instance.cacheMode,
    subnet_name: 'dcs-beta',
    no_password_access: 'true',
    service_task_id: null,
    subnet_cidr: '192.168.0.0/24',
    security_group_name: 'securityGroupId',
    instance_backup_policy: null,
    available_zones: ['d539378ec1314c85b76fefa3f7071458'],
    domain_name_info: {
      support_public_resolve: true,
      is_latest_rules: true,
      zone_name: 'dcs.example.com',
      history_domain_names: null,
    },
    transparent_client_ip_enable: true,
    cloud_service_type_code: 'hws.service.type.dcs',
    cloud_resource_type_code: 'hws.resource.type.dcs3',
    inquery_spec_code: `redis.${instance.cacheMode}.xu1.tiny.r2.128`,
    free: false,
    is_free: false,
    libos: false,
    crr_role: null,
    active_active: null,
    task: 'BACKUPING',
    proxy_links: null,
    db_number: instance.shards ? 1 : 256,
    ...(instance.shards ? { sharding_count: instance.shards.length } : {}),
  };
}

const param = (id: string, name: string, value: string, range: string, type: string, defaultValue: string) => ({
  param_id: id,
  param_name: name,
  description: `${name} of the instance`,
  param_value: value,
  value_range: range,
  value_type: type,
  default_value: defaultValue,
});

/** A ListConfigurations answer: every value a string, as documented. */
export function instanceConfigs(instance: ContractInstance): Record<string, unknown> {
  const lfu =
    Number.parseFloat(instance.engineVersion) >= 4
      ? [
          param('12', 'lfu-log-factor', '10', '0-100', 'Interger', '10'),
          param('13', 'lfu-decay-time', '1', '0-100', 'Interger', '1'),
        ]
      : [];
  return {
    instance_id: instance.id,
    config_status: 'SUCCESS',
    config_time: '2020-07-06T07:04:31.464Z',
    redis_config: [
      param('1', 'timeout', '101', '0-7200', 'Interger', '0'),
      param(
        '2',
        'maxmemory-policy',
        instance.maxmemoryPolicy,
        'volatile-lru,allkeys-lru,volatile-lfu,allkeys-lfu,volatile-random,allkeys-random,volatile-ttl,noeviction',
        'Enum',
        'volatile-lru',
      ),
      ...lfu,
    ],
    status: instance.status,
  };
}
