/**
 * The CertificateStore port on the single table: the certificate's item, written once under
 * `attribute_not_exists`, with a small index item in the person's partition in the same
 * transaction; a revocation is a conditional update that sets only `revocation`, and a request's
 * correction mark one that sets only its entry of the `corrected` map.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Certificate, CertificateCorrection } from '#shared/domain/certificate';
import type { CertificateStore, Revocation } from '#shared/ports/certificate-store';
import { keys } from './keys';
import { queryAll, stripKeys } from './query';
import { cancellationReasons, transactWrite } from './transaction-errors';

export class DynamoCertificateStore implements CertificateStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async nextSequence(year: string): Promise<number> {
    const out = await this.db.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: keys.certificateSequence(year),
        UpdateExpression: 'SET entity = :entity ADD seq :one',
        ExpressionAttributeValues: { ':entity': 'CertificateSequence', ':one': 1 },
        ReturnValues: 'UPDATED_NEW',
      }),
    );
    return Number(out.Attributes?.seq);
  }

  async issue(certificate: Certificate): Promise<'issued' | 'number-taken'> {
    try {
      await transactWrite(this.db, [
        {
          Put: {
            TableName: this.tableName,
            Item: { ...keys.certificate(certificate.number), entity: 'Certificate', ...certificate },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
        {
          Put: {
            TableName: this.tableName,
            Item: {
              ...keys.personCertificate(certificate.volunteerId, certificate.issuedAt, certificate.number),
              entity: 'PersonCertificate',
              number: certificate.number,
            },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
      ]);
      return 'issued';
    } catch (error) {
      if (cancellationReasons(error)?.some((r) => r.Code === 'ConditionalCheckFailed')) return 'number-taken';
      throw error;
    }
  }

  async get(number: string): Promise<Certificate | undefined> {
    const out = await this.db.send(new GetCommand({ TableName: this.tableName, Key: keys.certificate(number), ConsistentRead: true }));
    return out.Item ? (stripKeys(out.Item) as unknown as Certificate) : undefined;
  }

  async revoke(number: string, revocation: Revocation): Promise<'revoked' | 'already-revoked' | 'not-found'> {
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.certificate(number),
          UpdateExpression: 'SET revocation = :revocation',
          ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(revocation)',
          ExpressionAttributeValues: { ':revocation': revocation },
        }),
      );
      return 'revoked';
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      return (await this.get(number)) ? 'already-revoked' : 'not-found';
    }
  }

  async markCorrected(number: string, requestId: string, mark: CertificateCorrection): Promise<'marked' | 'already-marked' | 'not-found'> {
    try {
      // The map first (a path into a missing map fails), then the request's entry in it, once.
      await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.certificate(number),
          UpdateExpression: 'SET corrected = if_not_exists(corrected, :none)',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeValues: { ':none': {} },
        }),
      );
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return 'not-found';
      throw error;
    }
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.certificate(number),
          UpdateExpression: 'SET corrected.#request = :mark',
          ConditionExpression: 'attribute_not_exists(corrected.#request)',
          ExpressionAttributeNames: { '#request': requestId },
          ExpressionAttributeValues: { ':mark': { at: mark.at, hours: mark.hours } },
        }),
      );
      return 'marked';
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return 'already-marked';
      throw error;
    }
  }

  async listFor(volunteerId: string): Promise<Certificate[]> {
    const index = await queryAll(this.db, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :cert)',
      ExpressionAttributeValues: { ':pk': keys.personPartition(volunteerId), ':cert': keys.personCertificatePrefix },
      ScanIndexForward: false,
      // A void and an issue at once: each must see the other's certificate (an index item written a moment ago).
      ConsistentRead: true,
    });
    const found = await Promise.all(index.map((item) => this.get(String(item.number))));
    return found.filter((c): c is Certificate => c !== undefined);
  }
}
