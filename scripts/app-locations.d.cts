export declare function locationUrl(origin: string, location: string): string;
export declare function withBackendLocations<T extends object>(manifest: T, origin: string): T & { signedUrls: true };
