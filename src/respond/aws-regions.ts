/**
 * Regions per partition, as data: CloudTrail lookup-events answers for one Region per call, so
 * an investigation must ask every Region. Taken from the partition table shipped in
 * @aws-sdk/core 3.1169 (util-endpoints partitions.js); Regions the account has not enabled (or
 * that are not open yet) just fail their call and the loop moves on.
 */
export const REGIONS_BY_PARTITION: Readonly<Record<string, readonly string[]>> = {
  aws: [
    'us-east-1',
    'us-east-2',
    'us-west-1',
    'us-west-2',
    'af-south-1',
    'ap-east-1',
    'ap-east-2',
    'ap-northeast-1',
    'ap-northeast-2',
    'ap-northeast-3',
    'ap-south-1',
    'ap-south-2',
    'ap-southeast-1',
    'ap-southeast-2',
    'ap-southeast-3',
    'ap-southeast-4',
    'ap-southeast-5',
    'ap-southeast-6',
    'ap-southeast-7',
    'ca-central-1',
    'ca-west-1',
    'eu-central-1',
    'eu-central-2',
    'eu-north-1',
    'eu-south-1',
    'eu-south-2',
    'eu-west-1',
    'eu-west-2',
    'eu-west-3',
    'il-central-1',
    'me-central-1',
    'me-south-1',
    'me-west-1',
    'mx-central-1',
    'sa-east-1',
    'sa-west-1',
  ],
  'aws-cn': ['cn-north-1', 'cn-northwest-1'],
  'aws-us-gov': ['us-gov-east-1', 'us-gov-west-1'],
};

/** The commercial Regions: the default when a key's partition is not known. */
export const COMMERCIAL_REGIONS: readonly string[] = REGIONS_BY_PARTITION['aws']!;

/** Where IAM (a global service) records its CloudTrail events in each partition. */
export const IAM_EVENTS_REGION: Readonly<Record<string, string>> = {
  aws: 'us-east-1',
  'aws-cn': 'cn-north-1',
  'aws-us-gov': 'us-gov-west-1',
};

export function regionsForPartition(partition: string): readonly string[] {
  return REGIONS_BY_PARTITION[partition] ?? COMMERCIAL_REGIONS;
}
