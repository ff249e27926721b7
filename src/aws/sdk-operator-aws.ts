import type * as IamSdk from '@aws-sdk/client-iam';
import type * as StsSdk from '@aws-sdk/client-sts';
import { toAwsCallError } from './aws-call-error.js';
import type {
  AccessKeyRecord,
  Answer,
  CredentialReportContent,
  CredentialReportState,
  KeyLastUsed,
  OperatorAws,
} from './operator-api.js';

/**
 * OperatorAws over the real SDK clients. The SDK modules are passed in (already loaded by a
 * dynamic import in operator.ts), so importing this file never loads @aws-sdk/*.
 */
export class SdkOperatorAws implements OperatorAws {
  constructor(
    private readonly sts: { client: StsSdk.STSClient; sdk: typeof StsSdk },
    private readonly iam: { client: IamSdk.IAMClient; sdk: typeof IamSdk },
  ) {}

  async accessKeyAccount(keyId: string): Promise<Answer<string>> {
    const out = await call('sts:GetAccessKeyInfo', () =>
      this.sts.client.send(new this.sts.sdk.GetAccessKeyInfoCommand({ AccessKeyId: keyId })),
    );
    return { value: out.Account ?? '', requestId: out.$metadata.requestId };
  }

  async accessKeyLastUsed(keyId: string): Promise<Answer<KeyLastUsed>> {
    const out = await call('iam:GetAccessKeyLastUsed', () =>
      this.iam.client.send(new this.iam.sdk.GetAccessKeyLastUsedCommand({ AccessKeyId: keyId })),
    );
    const used = out.AccessKeyLastUsed;
    return {
      value: {
        userName: out.UserName || undefined,
        date: used?.LastUsedDate ? used.LastUsedDate.toISOString() : undefined,
        // AWS reports "N/A" for a key that was never used.
        service: used?.ServiceName && used.ServiceName !== 'N/A' ? used.ServiceName : undefined,
        region: used?.Region && used.Region !== 'N/A' ? used.Region : undefined,
      },
      requestId: out.$metadata.requestId,
    };
  }

  async listAccessKeys(userName: string): Promise<Answer<AccessKeyRecord[]>> {
    // A user has at most two keys, so one page always holds them all.
    const out = await call('iam:ListAccessKeys', () =>
      this.iam.client.send(new this.iam.sdk.ListAccessKeysCommand({ UserName: userName })),
    );
    const keys = (out.AccessKeyMetadata ?? []).map((k) => ({
      keyId: k.AccessKeyId ?? '',
      status: k.Status ?? 'unknown',
      createDate: k.CreateDate ? k.CreateDate.toISOString() : undefined,
    }));
    return { value: keys, requestId: out.$metadata.requestId };
  }

  async setAccessKeyStatus(
    userName: string,
    keyId: string,
    status: 'Active' | 'Inactive',
  ): Promise<Answer<void>> {
    const out = await call('iam:UpdateAccessKey', () =>
      this.iam.client.send(
        new this.iam.sdk.UpdateAccessKeyCommand({ UserName: userName, AccessKeyId: keyId, Status: status }),
      ),
    );
    return { value: undefined, requestId: out.$metadata.requestId };
  }

  async deleteAccessKey(userName: string, keyId: string): Promise<Answer<void>> {
    const out = await call('iam:DeleteAccessKey', () =>
      this.iam.client.send(
        new this.iam.sdk.DeleteAccessKeyCommand({ UserName: userName, AccessKeyId: keyId }),
      ),
    );
    return { value: undefined, requestId: out.$metadata.requestId };
  }

  async attachUserPolicy(userName: string, policyArn: string): Promise<Answer<void>> {
    const out = await call('iam:AttachUserPolicy', () =>
      this.iam.client.send(
        new this.iam.sdk.AttachUserPolicyCommand({ UserName: userName, PolicyArn: policyArn }),
      ),
    );
    return { value: undefined, requestId: out.$metadata.requestId };
  }

  async putRolePolicy(roleName: string, policyName: string, document: string): Promise<Answer<void>> {
    const out = await call('iam:PutRolePolicy', () =>
      this.iam.client.send(
        new this.iam.sdk.PutRolePolicyCommand({
          RoleName: roleName,
          PolicyName: policyName,
          PolicyDocument: document,
        }),
      ),
    );
    return { value: undefined, requestId: out.$metadata.requestId };
  }

  async generateCredentialReport(): Promise<Answer<CredentialReportState>> {
    const out = await call('iam:GenerateCredentialReport', () =>
      this.iam.client.send(new this.iam.sdk.GenerateCredentialReportCommand({})),
    );
    return { value: out.State ?? 'STARTED', requestId: out.$metadata.requestId };
  }

  async getCredentialReport(): Promise<Answer<CredentialReportContent>> {
    const out = await call('iam:GetCredentialReport', () =>
      this.iam.client.send(new this.iam.sdk.GetCredentialReportCommand({})),
    );
    return {
      value: {
        csv: out.Content ? Buffer.from(out.Content).toString('utf8') : '',
        generatedAt: out.GeneratedTime ? out.GeneratedTime.toISOString() : undefined,
      },
      requestId: out.$metadata.requestId,
    };
  }
}

async function call<T>(operation: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw toAwsCallError(err, operation);
  }
}
