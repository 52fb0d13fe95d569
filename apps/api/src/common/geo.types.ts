import { Field, Float, InputType, ObjectType } from '@nestjs/graphql';
import { IsLatitude, IsLongitude } from 'class-validator';
import type { Point } from 'typeorm';

@InputType()
export class GeoPointInput {
  @Field(() => Float, { description: 'WGS84 latitude, −90..90.' })
  @IsLatitude()
  latitude: number;

  @Field(() => Float, { description: 'WGS84 longitude, −180..180.' })
  @IsLongitude()
  longitude: number;
}

@ObjectType()
export class GeoPoint {
  @Field(() => Float)
  latitude: number;

  @Field(() => Float)
  longitude: number;
}

export const toPoint = ({ latitude, longitude }: GeoPointInput): Point => ({ type: 'Point', coordinates: [longitude, latitude] });

export const fromPoint = (point: Point): GeoPoint => ({ latitude: point.coordinates[1], longitude: point.coordinates[0] });
